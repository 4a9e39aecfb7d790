package io.emotionstream.schemas;

import io.emotionstream.schemas.serde.AvroSingleObjectSerde;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * A topic whose values are all of one type, with the serde that writes and reads them: a producer or consumer
 * names the topic and gets the right encoding with it. The bias metrics and models topics carry two record types
 * each and are read through their own codecs ({@link BiasKeys}, {@link ModelsTopic#decode}).
 */
public record TypedTopic<V extends SpecificRecordBase>(String name, AvroSingleObjectSerde<V> serde) {
    public byte[] encode(V value) {
        return serde.encode(value);
    }

    public V decode(byte[] bytes) {
        return serde.decode(bytes);
    }
}
