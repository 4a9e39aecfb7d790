package io.emotionstream.tools.bench;

import io.emotionstream.datasets.ClassFolderLoader;
import io.emotionstream.datasets.ClassSet;
import io.emotionstream.datasets.DataSources;
import io.emotionstream.datasets.Dataset;
import io.emotionstream.datasets.synthetic.Population;
import io.emotionstream.datasets.synthetic.SyntheticFaces;
import io.emotionstream.model.bundle.LoadedModel;
import io.emotionstream.model.bundle.ModelBundle;
import io.emotionstream.model.bundle.ModelRegistry;
import io.emotionstream.model.network.CnnHyperparameters;
import io.emotionstream.model.network.NetworkForward;
import io.emotionstream.model.network.SeedCnn;
import io.emotionstream.model.preprocess.ImageLimits;
import io.emotionstream.model.preprocess.ImagePreprocessor;
import io.emotionstream.model.preprocess.ImageRejectedException;
import io.emotionstream.model.preprocess.TensorFormat;
import io.emotionstream.model.preprocess.face.FaceLocation;
import io.emotionstream.model.preprocess.face.FaceOutcome;
import io.emotionstream.model.preprocess.face.NoFacePolicy;
import io.emotionstream.model.runtime.NativeRuntime;
import io.emotionstream.schemas.Emotion;
import io.emotionstream.trainer.cli.ConsoleProgress;
import io.emotionstream.trainer.report.ReportJson;
import io.emotionstream.trainer.split.Split;
import io.emotionstream.trainer.split.SplitMode;
import io.emotionstream.trainer.split.Splitter;
import io.emotionstream.trainer.train.Augmentation;
import io.emotionstream.trainer.train.Recipe;
import io.emotionstream.trainer.train.Trainer;
import io.emotionstream.trainer.train.TrainingConfig;
import io.emotionstream.trainer.train.TrainingResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures what {@code ../shared/bench/pytorch_reference.py} measures, the same way: seconds per CK+ training
 * epoch (741 images, batch 32, the seed's CK+ settings) and inference images/s at batch 1..512 on random inputs,
 * plus the cost of the shared preprocessing. Prints one JSON object; see docs/benchmarks.md.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description =
                "Benchmark training epoch time, inference throughput and preprocessing (compare with the PyTorch reference).")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--data", description = "Data root holding CK+48/ (default: synthetic faces, 741 of them).")
    Path root;

    @Option(
            names = "--epochs",
            defaultValue = "10",
            description = "Training epochs to time (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
            names = "--seconds",
            defaultValue = "3",
            description = "Seconds per inference batch size (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(
            names = "--batch-sizes",
            split = ",",
            defaultValue = "1,8,32,128,512",
            description = "Inference batch sizes (default: ${DEFAULT-VALUE}).")
    List<Integer> batchSizes;

    @Option(names = "--report", description = "Also write the JSON here.")
    Path report;

    @Option(
            names = "--face",
            defaultValue = "none",
            paramLabel = "MODE",
            description =
                    "Face location of the preprocessing measured: none, detect, detect-fast or align (default: ${DEFAULT-VALUE}).")
    String face;

    @Option(
            names = "--images",
            paramLabel = "DIR",
            description = "Also measure preprocessing on the image files of DIR (e.g. camera frames).")
    Path images;

    @Option(names = "--preprocess-only", description = "Measure preprocessing only (no training, no inference).")
    boolean preprocessOnly;

    @Option(
            names = "--model",
            paramLabel = "NAME[:VERSION]",
            description =
                    "Measure this bundle's inference (a trained or imported model, through the path serving takes) instead of training and the seed CNN's.")
    String model;

    @Option(
            names = "--registry",
            defaultValue = "models",
            description = "Model registry of --model (default: ${DEFAULT-VALUE}).")
    Path registry;

    @Option(
            names = "--no-augmented-epochs",
            description = "Skip timing the same epochs again with the standard augmentation.")
    boolean skipAugmented;

    @Override
    public Integer call() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("runtime", NativeRuntime.describe());
        out.put("omp_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        if (model != null) {
            bundleInference(out);
        } else if (!preprocessOnly) {
            trainingAndInference(out);
        }
        out.put("face_location", FaceLocation.parse(face).code());
        out.put("preprocessing", preprocessing());
        String json = ReportJson.toJson(out);
        System.out.println(json);
        if (report != null) {
            ReportJson.write(report, out);
        }
        return 0;
    }

    private void trainingAndInference(Map<String, Object> out) {
        Dataset data = root != null && Files.isDirectory(root.resolve("CK+48"))
                ? ClassFolderLoader.ckPlus(
                        root.resolve("CK+48"), Map.of(), ImagePreprocessor.withDefaultLimits(), ClassSet.SIX)
                : DataSources.load("synthetic:a:31:4", "auto", Map.of(), 1); // 744 images, close to CK+'s 741
        // The reference trains on the whole 80% partition (741 CK+ images) without a validation holdout.
        Split split = Splitter.split(data.samples(), SplitMode.RANDOM, 0.2, 0.0, 42);
        System.err.printf(
                "timing %d epochs on %d %s images%n", epochs, split.train().size(), data.name());
        TrainingResult trained = new Trainer(
                        new TrainingConfig(epochs, 32, epochs, Integer.MAX_VALUE, 0, 42),
                        new ConsoleProgress(System.err, "[bench]"))
                .train(CnnHyperparameters.SEED_CKPLUS, split.train(), List.of());
        out.put(
                "training",
                Map.of(
                        "dataset",
                        data.name(),
                        "images",
                        split.train().size(),
                        "epochs",
                        epochs,
                        "epoch_seconds",
                        trained.epochSeconds().stream().map(ReportJson::round).toList(),
                        "epoch_seconds_median",
                        ReportJson.round(trained.epochSecondsMedian())));
        out.put("epoch_seconds_median", ReportJson.round(trained.epochSecondsMedian()));
        if (!skipAugmented) {
            // The retraining service's recipe: images changed on the batch thread while the network fits the last
            // batch.
            TrainingResult augmented = new Trainer(
                            new TrainingConfig(epochs, 32, epochs, Integer.MAX_VALUE, 0, 42),
                            Recipe.SEED.withAugmentation(Augmentation.STANDARD),
                            new ConsoleProgress(System.err, "[bench augmented]"))
                    .train(CnnHyperparameters.SEED_CKPLUS, split.train(), List.of());
            out.put("epoch_seconds_median_augmented", ReportJson.round(augmented.epochSecondsMedian()));
            out.put("augmentation_images_per_second_one_thread", augmentationRate(split.train()));
        }
        NetworkForward forward = NetworkForward.of(SeedCnn.build(CnnHyperparameters.SEED_CKPLUS, 1));
        out.put("inference_path", forward.path());
        out.put("inference_images_per_second", inference(forward));
    }

    /** A published bundle's forward pass on random tensors of its own format, as serving runs it. */
    private void bundleInference(Map<String, Object> out) {
        ModelBundle bundle = new ModelRegistry(registry).resolve(model);
        LoadedModel loaded = bundle.load();
        TensorFormat format = loaded.preprocessing().format();
        out.put("model", bundle.reference());
        out.put("engine", bundle.engine().name());
        out.put("model_preprocessing", loaded.preprocessing().id());
        out.put("inference_path", loaded.path());
        java.util.Random random = new java.util.Random(1);
        out.put("inference_images_per_second", inference(batch -> {
            List<float[]> tensors = new java.util.ArrayList<>();
            for (int i = 0; i < batch; i++) {
                float[] tensor = new float[format.pixels()];
                for (int p = 0; p < tensor.length; p++) {
                    tensor[p] = format.scale().apply(random.nextInt(256));
                }
                tensors.add(tensor);
            }
            return () -> loaded.probabilities(tensors);
        }));
    }

    /** What the batch thread can change per second, alone: it must stay well above what an epoch consumes. */
    private double augmentationRate(List<io.emotionstream.datasets.Sample> images) {
        java.util.Random random = new java.util.Random(1);
        long start = System.nanoTime();
        long done = 0;
        while ((System.nanoTime() - start) / 1e9 < seconds) {
            Augmentation.STANDARD.apply(images.get((int) (done % images.size())).pixels(), random);
            done++;
        }
        return ReportJson.round(done / ((System.nanoTime() - start) / 1e9));
    }

    /** Through {@link NetworkForward}: the path serving takes. */
    private Map<String, Double> inference(NetworkForward network) {
        return inference(batch -> {
            INDArray x = Nd4j.rand(new int[] {batch, 1, 48, 48});
            return () -> network.probabilities(x);
        });
    }

    /** Images/s of one forward pass per batch size; {@code passes} makes the pass for a batch size. */
    private Map<String, Double> inference(java.util.function.IntFunction<Runnable> passes) {
        Map<String, Double> result = new LinkedHashMap<>();
        for (int batch : batchSizes) {
            Runnable pass = passes.apply(batch);
            for (int i = 0; i < 3; i++) {
                pass.run();
            }
            long start = System.nanoTime();
            long images = 0;
            while ((System.nanoTime() - start) / 1e9 < seconds) {
                pass.run();
                images += batch;
            }
            result.put(Integer.toString(batch), ReportJson.round(images / ((System.nanoTime() - start) / 1e9)));
            System.err.printf("inference batch %d: %.1f images/s%n", batch, result.get(Integer.toString(batch)));
        }
        return result;
    }

    /**
     * Images per second through bytes -> tensor on one thread, for a CK+-sized PNG, JAFFE-sized TIFFs when present
     * and the files of {@code --images}, with face location {@code --face} (no face: whole image, so every image
     * costs what serving pays for it).
     */
    private Map<String, Object> preprocessing() {
        Map<String, Object> result = new LinkedHashMap<>();
        ImagePreprocessor preprocessor =
                new ImagePreprocessor(ImageLimits.DEFAULT, FaceLocation.parse(face), NoFacePolicy.WHOLE_IMAGE);
        result.put(
                "synthetic_png_96x96",
                rate(preprocessor, List.of(SyntheticFaces.png(Population.A, Emotion.HAPPINESS, 1))));
        if (root != null && Files.isDirectory(root.resolve("JAFFE"))) {
            try (Stream<Path> files = Files.list(root.resolve("JAFFE"))) {
                List<byte[]> tiffs = files.filter(p -> p.toString().endsWith(".tiff"))
                        .limit(20)
                        .map(BenchCommand::read)
                        .toList();
                result.put("jaffe_tiff_256x256", rate(preprocessor, tiffs));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (images != null) {
            try (Stream<Path> files = Files.list(images)) {
                List<byte[]> all = files.filter(Files::isRegularFile)
                        .sorted()
                        .map(BenchCommand::read)
                        .toList();
                result.put("images_dir", rate(preprocessor, all));
                result.put("images_dir_faces_found", facesFound(preprocessor, all));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return result;
    }

    private static long facesFound(ImagePreprocessor preprocessor, List<byte[]> images) {
        try {
            long found = 0;
            for (byte[] image : images) {
                found += preprocessor.prepare(image).face().kind() == FaceOutcome.Kind.DETECTED ? 1 : 0;
            }
            return found;
        } catch (ImageRejectedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double rate(ImagePreprocessor preprocessor, List<byte[]> images) {
        try {
            for (byte[] image : images.subList(0, Math.min(images.size(), 50))) {
                preprocessor.preprocess(image); // warm-up: JIT, and the detector's per-thread cascade
            }
            long start = System.nanoTime();
            long n = 0;
            while ((System.nanoTime() - start) / 1e9 < 2) {
                for (byte[] image : images) {
                    preprocessor.preprocess(image);
                    n++;
                }
            }
            return ReportJson.round(n / ((System.nanoTime() - start) / 1e9));
        } catch (ImageRejectedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
