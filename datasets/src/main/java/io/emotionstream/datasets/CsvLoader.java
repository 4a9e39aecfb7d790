package io.emotionstream.datasets;

import io.emotionstream.model.preprocess.ImagePreprocessor;
import io.emotionstream.schemas.Emotion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV index of images (RFC 4180, read by Apache Commons CSV): a header with at least {@code path} and
 * {@code label}, optionally {@code subject}; every other column is a group attribute (e.g.
 * {@code ethnicity,gender,age_band}). Paths are relative to the CSV file. Fields may be double-quoted, with commas,
 * doubled quotes and line breaks inside; a UTF-8 byte-order mark (as spreadsheets write one) is skipped.
 */
public final class CsvLoader {
    private static final CSVFormat FORMAT =
            CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).setTrim(true).get();
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private CsvLoader() {}

    public static Dataset load(
            Path csv,
            String name,
            Map<String, String> groupOverrides,
            ImagePreprocessor preprocessor,
            ClassSet classes) {
        if (!Files.isRegularFile(csv)) {
            throw new DatasetException("CSV index " + csv + " does not exist");
        }
        List<CSVRecord> records = records(csv);
        if (records.isEmpty()) {
            throw new DatasetException("CSV index " + csv + " is empty");
        }
        List<String> header =
                records.get(0).stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        int pathColumn = header.indexOf("path");
        int labelColumn = header.indexOf("label");
        int subjectColumn = header.indexOf("subject");
        if (pathColumn < 0 || labelColumn < 0) {
            throw new DatasetException(
                    "CSV index " + csv + " needs a header with 'path' and 'label' columns, found " + header);
        }
        Path base = csv.toAbsolutePath().getParent();
        DatasetBuilder builder = new DatasetBuilder(
                name, GroupDefaults.merge(GroupDefaults.generic(name), groupOverrides), preprocessor);
        for (CSVRecord record : records.subList(1, records.size())) {
            String where = csv.getFileName() + " record " + record.getRecordNumber();
            if (record.size() != header.size()) {
                throw new DatasetException(
                        where + " has " + record.size() + " fields, the header has " + header.size());
            }
            Optional<Emotion> label = Labels.resolve(record.get(labelColumn), where, classes);
            if (label.isEmpty()) {
                continue;
            }
            String path = record.get(pathColumn);
            String subject =
                    subjectColumn >= 0 && !record.get(subjectColumn).isBlank() ? record.get(subjectColumn) : path;
            Map<String, String> attributes = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                if (c != pathColumn
                        && c != labelColumn
                        && c != subjectColumn
                        && !record.get(c).isBlank()) {
                    attributes.put(header.get(c), record.get(c));
                }
            }
            attributes.putAll(groupOverrides);
            builder.addFile(base.resolve(path), path, label.get(), subject, attributes);
        }
        return builder.build();
    }

    private static List<CSVRecord> records(Path csv) {
        try {
            String text = Files.readString(csv, StandardCharsets.UTF_8);
            if (!text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK) {
                text = text.substring(1);
            }
            try (CSVParser parser = CSVParser.parse(text, FORMAT)) {
                return parser.getRecords();
            }
        } catch (UncheckedIOException | IOException e) {
            throw new DatasetException("cannot read CSV index " + csv + ": " + e.getMessage());
        }
    }
}
