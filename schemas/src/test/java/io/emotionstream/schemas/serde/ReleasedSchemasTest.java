package io.emotionstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.emotionstream.schemas.Topics;
import io.emotionstream.schemas.events.DemographicsCopy;
import io.emotionstream.schemas.events.EmotionLabel;
import io.emotionstream.schemas.events.EmotionPrediction;
import io.emotionstream.schemas.events.FaceImageEvent;
import io.emotionstream.schemas.events.FaceLocationResult;
import io.emotionstream.schemas.events.GroundTruthLabel;
import io.emotionstream.schemas.model.ModelAliasChange;
import io.emotionstream.schemas.model.ModelRelease;
import io.emotionstream.schemas.monitor.AccuracyGap;
import io.emotionstream.schemas.monitor.BiasAlert;
import io.emotionstream.schemas.monitor.ChallengerComparison;
import io.emotionstream.schemas.monitor.FairnessVerdict;
import io.emotionstream.schemas.monitor.GroupAccuracy;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificRecordBase;
import org.junit.jupiter.api.Test;

/**
 * Readers resolve every released writer schema of every topic: a record written with each version (committed
 * fixtures, encoded when the version was current) decodes with today's serde; and the schema on file for the newest
 * version is the one the code writes, so a schema change cannot ship without its version being recorded.
 */
class ReleasedSchemasTest {
    /** Each topic record, with today's class schema and serde. */
    private static final Map<String, Map.Entry<Schema, Function<byte[], ? extends SpecificRecordBase>>> TOPIC_RECORDS =
            Map.of(
                    "FaceImageEvent", Map.entry(FaceImageEvent.getClassSchema(), Topics.imageEventSerde()::decode),
                    "EmotionPrediction",
                            Map.entry(EmotionPrediction.getClassSchema(), Topics.predictionSerde()::decode),
                    "GroundTruthLabel", Map.entry(GroundTruthLabel.getClassSchema(), Topics.labelSerde()::decode),
                    "ModelRelease", Map.entry(ModelRelease.getClassSchema(), Topics.releaseSerde()::decode),
                    "ModelAliasChange", Map.entry(ModelAliasChange.getClassSchema(), Topics.aliasSerde()::decode),
                    "GroupAccuracy", Map.entry(GroupAccuracy.getClassSchema(), Topics.groupAccuracySerde()::decode),
                    "AccuracyGap", Map.entry(AccuracyGap.getClassSchema(), Topics.gapSerde()::decode),
                    "BiasAlert", Map.entry(BiasAlert.getClassSchema(), Topics.alertSerde()::decode),
                    "FairnessVerdict", Map.entry(FairnessVerdict.getClassSchema(), Topics.verdictSerde()::decode),
                    "ChallengerComparison",
                            Map.entry(ChallengerComparison.getClassSchema(), Topics.comparisonSerde()::decode));

    @Test
    void shouldRecordTheSchemaTheCodeWritesAsTheNewestReleasedVersion() {
        TOPIC_RECORDS.forEach((name, record) -> {
            var versions = ReleasedSchemas.of(name).versions();
            assertThat(SchemaNormalization.parsingFingerprint64(versions.get(versions.size() - 1)))
                    .as(name + ": add the changed schema as " + name + "-v" + versions.size() + ".avsc under history/")
                    .isEqualTo(SchemaNormalization.parsingFingerprint64(record.getKey()));
        });
    }

    @Test
    void shouldReadARecordWrittenWithEveryReleasedVersionOfEveryTopic() throws IOException {
        for (var entry : TOPIC_RECORDS.entrySet()) {
            String name = entry.getKey();
            int versions = ReleasedSchemas.of(name).versions().size();
            for (int v = 0; v < versions; v++) {
                byte[] fixture = fixture(name + "-v" + v + ".bin");

                SpecificRecordBase decoded = entry.getValue().getValue().apply(fixture);

                assertThat(decoded).as(name + " v" + v).isNotNull();
                assertThat(decoded.toString())
                        .as(name + " v" + v + " keeps the writer's values")
                        .contains("\"v0\"");
            }
        }
    }

    @Test
    void shouldFillFieldsAnOlderPredictionDidNotHaveWithTheirDefaults() throws IOException {
        // EmotionPrediction v0 was written before face location existed
        EmotionPrediction old = Topics.predictionSerde().decode(fixture("EmotionPrediction-v0.bin"));

        assertThat(old.getEventId()).isEqualTo("v0");
        assertThat(old.getPredicted()).isEqualTo(EmotionLabel.ANGER);
        assertThat(old.getProcessingLatencyMs()).isEqualTo(1_764_000_000_000L);
        assertThat(old.getFace()).isEqualTo(FaceLocationResult.NOT_LOCATED);
    }

    @Test
    void shouldReadAPredictionFromBeforeDemographicsWereWithheldAsCarryingTheEventsOwn() throws IOException {
        // EmotionPrediction v3 was written when every prediction copied the event's subject id and groups
        EmotionPrediction old = Topics.predictionSerde().decode(fixture("EmotionPrediction-v3.bin"));
        EmotionPrediction fed = Topics.predictionSerde().decode(fixture("EmotionPrediction-v4.bin"));

        assertThat(old.getDemographics()).isEqualTo(DemographicsCopy.COPIED);
        assertThat(fed.getDemographics()).isEqualTo(DemographicsCopy.GROUPS_ONLY);
        assertThat(fed.getSubjectId()).isNull();
        assertThat(fed.getGroups()).containsEntry("ethnicity", "ps:0123456789abcdef");
    }

    @Test
    void shouldReadAnOlderGroupAccuracyWithTheWholeUnitIntervalAsItsAnytimeBounds() throws IOException {
        // GroupAccuracy v0 was written before the anytime-valid interval existed: it claims nothing
        GroupAccuracy old = Topics.groupAccuracySerde().decode(fixture("GroupAccuracy-v0.bin"));

        assertThat(old.getAnytimeLow()).isZero();
        assertThat(old.getAnytimeHigh()).isEqualTo(1.0);
        assertThat(old.getRecallAnytimeLow()).isEmpty();
        assertThat(old.getRecallAnytimeHigh()).isEmpty();
    }

    @Test
    void shouldReadASixClassPredictionWithNoNeutralProbability() throws IOException {
        // EmotionPrediction v2 was written before seven-class models: its six probabilities are the whole row
        EmotionPrediction old = Topics.predictionSerde().decode(fixture("EmotionPrediction-v2.bin"));

        assertThat(old.getProbabilities().getNeutral()).isNull();
        assertThat(old.getCalibration().getReferenceMix().getNeutral()).isNull();
    }

    @Test
    void shouldGiveAReaderThatPredatesNeutralTheDefaultSymbolInstead() throws IOException {
        // given a consumer still on v2 (six emotions) and a v3 record that predicted and was labelled neutral
        Schema v2 = ReleasedSchemas.of("EmotionPrediction").versions().get(2);
        var olderReader =
                new BinaryMessageDecoder<GenericRecord>(GenericData.get(), v2, ReleasedSchemas.of("EmotionPrediction"));

        // when it reads the record
        GenericRecord read = olderReader.decode(fixture("EmotionPrediction-v3.bin"));

        // then the enum's default stands in for the symbol it does not know, and the extra probability is dropped
        assertThat(read.get("predicted")).hasToString("UNKNOWN");
        assertThat(read.get("label")).hasToString("UNKNOWN");
        assertThat(((GenericRecord) read.get("probabilities")).hasField("neutral"))
                .isFalse();
        assertThat(((GenericRecord) read.get("probabilities")).get("sadness")).isEqualTo(0.1f);
    }

    @Test
    void shouldKeepEveryVersionSelfContained() {
        TOPIC_RECORDS
                .keySet()
                .forEach(name -> ReleasedSchemas.of(name)
                        .versions()
                        .forEach(schema -> assertThat(new Schema.Parser()
                                        .parse(schema.toString())
                                        .getFullName())
                                .endsWith("." + name)));
    }

    private static byte[] fixture(String file) throws IOException {
        try (InputStream in =
                ReleasedSchemasTest.class.getResourceAsStream("/io/emotionstream/schemas/fixtures/" + file)) {
            assertThat(in).as("committed fixture " + file).isNotNull();
            return in.readAllBytes();
        }
    }
}
