package io.emotionstream.datasets;

import io.emotionstream.schemas.Emotion;
import io.emotionstream.model.preprocess.ImagePreprocessor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A CSV index of images: a header with at least {@code path} and {@code label}, optionally {@code subject}; every
 * other column is a group attribute (e.g. {@code ethnicity,gender,age_band}). Paths are relative to the CSV file.
 * Fields may be double-quoted.
 */
public final class CsvLoader {
    private CsvLoader() {
    }

    public static Dataset load(Path csv, String name, Map<String, String> groupOverrides, ImagePreprocessor preprocessor,
                               ClassSet classes) {
        if (!Files.isRegularFile(csv)) {
            throw new DatasetException("CSV index " + csv + " does not exist");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(csv);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
        if (lines.isEmpty()) {
            throw new DatasetException("CSV index " + csv + " is empty");
        }
        List<String> header = parseLine(lines.get(0)).stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        int pathColumn = header.indexOf("path");
        int labelColumn = header.indexOf("label");
        int subjectColumn = header.indexOf("subject");
        if (pathColumn < 0 || labelColumn < 0) {
            throw new DatasetException("CSV index " + csv + " needs a header with 'path' and 'label' columns, found " + header);
        }
        Path base = csv.toAbsolutePath().getParent();
        DatasetBuilder builder = new DatasetBuilder(name, GroupDefaults.merge(GroupDefaults.generic(name), groupOverrides),
                preprocessor);
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            List<String> fields = parseLine(lines.get(i));
            if (fields.size() != header.size()) {
                throw new DatasetException(csv.getFileName() + " line " + (i + 1) + " has " + fields.size()
                        + " fields, the header has " + header.size());
            }
            Optional<Emotion> label = Labels.resolve(fields.get(labelColumn), csv.getFileName() + " line " + (i + 1),
                    classes);
            if (label.isEmpty()) {
                continue;
            }
            String path = fields.get(pathColumn);
            String subject = subjectColumn >= 0 && !fields.get(subjectColumn).isBlank() ? fields.get(subjectColumn) : path;
            Map<String, String> attributes = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                if (c != pathColumn && c != labelColumn && c != subjectColumn && !fields.get(c).isBlank()) {
                    attributes.put(header.get(c), fields.get(c));
                }
            }
            attributes.putAll(groupOverrides);
            builder.addFile(base.resolve(path), path, label.get(), subject, attributes);
        }
        return builder.build();
    }

    static List<String> parseLine(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString().trim());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString().trim());
        return fields;
    }
}
