package io.emotionstream.trainer.cli;

import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.schemas.model.Activation;
import io.emotionstream.schemas.model.Optimizer;
import java.util.Locale;

/**
 * Parses {@code --hp}: a preset ({@code seed-ckplus}, {@code seed-jaffe}) optionally followed by overrides,
 * e.g. {@code seed-jaffe,learning_rate=0.0005,dropout1=0.2}. Keys are the seed notebook's names.
 */
public final class HyperparameterSpec {
    private HyperparameterSpec() {}

    public static CnnHyperparameters parse(String spec, CnnHyperparameters fallback) {
        if (spec == null || spec.isBlank() || spec.equals("auto")) {
            return fallback;
        }
        CnnHyperparameters hp = fallback;
        for (String part : spec.split(",")) {
            String item = part.trim().toLowerCase(Locale.ROOT);
            if (item.equals("seed-ckplus")) {
                hp = CnnHyperparameters.SEED_CKPLUS;
            } else if (item.equals("seed-jaffe")) {
                hp = CnnHyperparameters.SEED_JAFFE;
            } else if (item.contains("=")) {
                String key = item.substring(0, item.indexOf('=')).trim();
                String value = item.substring(item.indexOf('=') + 1).trim();
                hp = with(hp, key, value);
            } else {
                throw new IllegalArgumentException(
                        "unknown hyperparameter preset '" + item + "' (expected seed-ckplus, seed-jaffe or key=value)");
            }
        }
        return hp;
    }

    private static CnnHyperparameters with(CnnHyperparameters h, String key, String value) {
        try {
            return switch (key) {
                case "activation1" ->
                    new CnnHyperparameters(
                            act(value),
                            h.dropout1(),
                            h.activation2(),
                            h.dropout2(),
                            h.denseActivation(),
                            h.dropout3(),
                            h.optimizer(),
                            h.learningRate());
                case "dropout1" ->
                    new CnnHyperparameters(
                            h.activation1(),
                            Double.parseDouble(value),
                            h.activation2(),
                            h.dropout2(),
                            h.denseActivation(),
                            h.dropout3(),
                            h.optimizer(),
                            h.learningRate());
                case "activation2" ->
                    new CnnHyperparameters(
                            h.activation1(),
                            h.dropout1(),
                            act(value),
                            h.dropout2(),
                            h.denseActivation(),
                            h.dropout3(),
                            h.optimizer(),
                            h.learningRate());
                case "dropout2" ->
                    new CnnHyperparameters(
                            h.activation1(),
                            h.dropout1(),
                            h.activation2(),
                            Double.parseDouble(value),
                            h.denseActivation(),
                            h.dropout3(),
                            h.optimizer(),
                            h.learningRate());
                case "dense_activation" ->
                    new CnnHyperparameters(
                            h.activation1(),
                            h.dropout1(),
                            h.activation2(),
                            h.dropout2(),
                            act(value),
                            h.dropout3(),
                            h.optimizer(),
                            h.learningRate());
                case "dropout3" ->
                    new CnnHyperparameters(
                            h.activation1(),
                            h.dropout1(),
                            h.activation2(),
                            h.dropout2(),
                            h.denseActivation(),
                            Double.parseDouble(value),
                            h.optimizer(),
                            h.learningRate());
                case "optimizer" ->
                    new CnnHyperparameters(
                            h.activation1(),
                            h.dropout1(),
                            h.activation2(),
                            h.dropout2(),
                            h.denseActivation(),
                            h.dropout3(),
                            Optimizer.valueOf(value.toUpperCase(Locale.ROOT)),
                            h.learningRate());
                case "learning_rate" ->
                    new CnnHyperparameters(
                            h.activation1(),
                            h.dropout1(),
                            h.activation2(),
                            h.dropout2(),
                            h.denseActivation(),
                            h.dropout3(),
                            h.optimizer(),
                            Double.parseDouble(value));
                default ->
                    throw new IllegalArgumentException("unknown hyperparameter '" + key + "' (expected activation1, "
                            + "dropout1, activation2, dropout2, dense_activation, dropout3, optimizer, learning_rate)");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("hyperparameter " + key + " needs a number, got '" + value + "'");
        }
    }

    private static Activation act(String value) {
        try {
            return Activation.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown activation '" + value + "' (expected relu, tanh or sigmoid)");
        }
    }
}
