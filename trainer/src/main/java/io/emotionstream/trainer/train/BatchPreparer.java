package io.emotionstream.trainer.train;

import io.emotionstream.datasets.Sample;
import io.emotionstream.model.network.NetworkInput;
import io.emotionstream.schemas.Emotion;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Builds mini-batches (augmented images, soft or one-hot targets, mixup) on a thread of its own, {@value #AHEAD} batches
 * ahead of the network, so augmentation is not on the training step's critical path. One thread draws every random
 * number in batch order, so a seed gives the same batches however the threads are scheduled.
 */
final class BatchPreparer implements AutoCloseable {
    static final int AHEAD = 2;

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "emotion-stream-batches");
        t.setDaemon(true);
        return t;
    });
    private final Recipe recipe;
    private final int batchSize;
    private Random random; // touched only on the preparing thread, as is the order
    private List<Integer> unbalancedOrder;

    BatchPreparer(Recipe recipe, int batchSize, long seed) {
        this.recipe = recipe;
        this.batchSize = batchSize;
        this.random = new Random(seed);
    }

    /**
     * Without balancing, each epoch reshuffles the last epoch's order, as the trainer always did (a seed's runs
     * before recipes existed come out the same); otherwise the balance draws the epoch afresh.
     */
    private List<Integer> draw(List<Sample> train) {
        if (recipe.balance() != Balance.NONE) {
            return recipe.balance().epoch(train, random);
        }
        if (unbalancedOrder == null || unbalancedOrder.size() != train.size()) {
            unbalancedOrder = new ArrayList<>();
            for (int i = 0; i < train.size(); i++) {
                unbalancedOrder.add(i);
            }
        }
        Collections.shuffle(unbalancedOrder, random);
        return List.copyOf(unbalancedOrder);
    }

    /** One epoch's batches, in order; the epoch's draw (balance) happens on the preparing thread too. */
    Epoch epoch(List<Sample> train) {
        return new Epoch(train);
    }

    final class Epoch {
        private final List<Sample> train;
        private final Future<List<Integer>> order;
        private final Deque<Future<DataSet>> ready = new ArrayDeque<>();
        private int nextFrom;
        private int size = -1;

        private Epoch(List<Sample> train) {
            this.train = train;
            this.order = thread.submit(() -> draw(train));
        }

        boolean hasNext() {
            return !ready.isEmpty() || nextFrom < size();
        }

        DataSet next() {
            fillAhead();
            DataSet batch = get(ready.poll());
            fillAhead(); // keep the thread busy while the network fits this one
            return batch;
        }

        private void fillAhead() {
            while (ready.size() < AHEAD && nextFrom < size()) {
                int from = nextFrom;
                nextFrom += batchSize;
                ready.add(thread.submit(() -> build(from)));
            }
        }

        private int size() {
            if (size < 0) {
                size = get(order).size();
            }
            return size;
        }

        private DataSet build(int from) throws Exception {
            List<Integer> indices = order.get();
            List<Sample> batch = new ArrayList<>();
            for (int i = from; i < Math.min(indices.size(), from + batchSize); i++) {
                batch.add(train.get(indices.get(i)));
            }
            List<float[]> pixels = new ArrayList<>(batch.size());
            for (Sample s : batch) {
                pixels.add(
                        recipe.augmentation().enabled() ? recipe.augmentation().apply(s.pixels(), random) : s.pixels());
            }
            float[] targets = Batches.targetRows(batch, recipe.targets(), recipe.labelSmoothing());
            Mixup.Mixed mixed = recipe.mixup().apply(pixels, targets, Emotion.SIX_COUNT, random);
            return new DataSet(NetworkInput.of(mixed.pixels()), Batches.targetMatrix(mixed.targets()));
        }
    }

    /**
     * The generator's state and the running order, between epochs (read on the preparing thread, which alone draws
     * from them), for a checkpoint.
     */
    byte[] state() {
        return get(thread.submit(() -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(random);
                out.writeObject(
                        unbalancedOrder == null
                                ? new int[0]
                                : unbalancedOrder.stream().mapToInt(i -> i).toArray());
            }
            return bytes.toByteArray();
        }));
    }

    /**
     * Back to a {@link #state()}; reads nothing but a {@link Random} and an int array of at most {@code trainingImages}
     * indices, so a damaged or hostile state cannot make it allocate more than the order of the images it trains on.
     */
    void restore(byte[] state, int trainingImages) {
        get(thread.submit(() -> {
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(state))) {
                in.setObjectInputFilter(ObjectInputFilter.Config.createFilter(
                        "java.util.Random;maxdepth=2;maxrefs=8;maxarray=" + trainingImages + ";!*"));
                random = (Random) in.readObject();
                int[] order = (int[]) in.readObject();
                unbalancedOrder = order.length == 0
                        ? null
                        : new ArrayList<>(Arrays.stream(order).boxed().toList());
            }
            return null;
        }));
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing a batch", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("preparing a batch failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
