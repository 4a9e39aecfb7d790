package io.emotionstream.trainer.imported.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Writes an ONNX model (IR 7, default opset 13) node by node: what {@link GraphToOnnx} emits. Field numbers are
 * onnx.proto's; tensors are float32 little-endian raw data; a dimension of -1 is the open batch axis.
 */
final class OnnxGraphWriter {
    static final int OPSET = 13;
    private static final int IR_VERSION = 7;
    private static final int FLOAT = 1; // TensorProto.DataType.FLOAT
    private static final String BATCH = "batch";

    private final Protobuf graph = new Protobuf().string(2, "emotion-stream");

    /** One attribute of a node (AttributeProto): a float, an integer, integers or a string. */
    record Attribute(Protobuf proto) {
        static Attribute floating(String name, float value) {
            return new Attribute(
                    new Protobuf().string(1, name).float32(2, value).varint(20, 1));
        }

        static Attribute integer(String name, long value) {
            return new Attribute(new Protobuf().string(1, name).varint(3, value).varint(20, 2));
        }

        static Attribute text(String name, String value) {
            return new Attribute(new Protobuf().string(1, name).string(4, value).varint(20, 3));
        }

        static Attribute integers(String name, long... values) {
            Protobuf proto = new Protobuf().string(1, name);
            for (long v : values) {
                proto.varint(8, v);
            }
            return new Attribute(proto.varint(20, 7));
        }
    }

    /** Adds a node computing {@code output} from {@code inputs}; returns {@code output}. */
    String node(String opType, List<String> inputs, String output, Attribute... attributes) {
        Protobuf node = new Protobuf();
        inputs.forEach(input -> node.string(1, input));
        node.string(2, output).string(3, output).string(4, opType);
        for (Attribute attribute : attributes) {
            node.message(5, attribute.proto());
        }
        graph.message(1, node);
        return output;
    }

    /** Adds a constant float tensor; returns its name. */
    String initializer(String name, long[] dims, float[] values) {
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        if (count != values.length) {
            throw new IllegalArgumentException(name + ": " + values.length + " values for " + count + " elements");
        }
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        Protobuf tensor = new Protobuf();
        for (long d : dims) {
            tensor.varint(1, d);
        }
        graph.message(5, tensor.varint(2, FLOAT).string(8, name).bytes(9, raw.array()));
        return name;
    }

    void input(String name, long... dims) {
        graph.message(11, valueInfo(name, dims));
    }

    void output(String name, long... dims) {
        graph.message(12, valueInfo(name, dims));
    }

    byte[] model(String producer) {
        return new Protobuf()
                .varint(1, IR_VERSION)
                .string(2, producer)
                .message(7, graph)
                .message(8, new Protobuf().string(1, "").varint(2, OPSET))
                .toByteArray();
    }

    private static Protobuf valueInfo(String name, long[] dims) {
        Protobuf shape = new Protobuf();
        for (long d : dims) {
            shape.message(1, d < 0 ? new Protobuf().string(2, BATCH) : new Protobuf().varint(1, d));
        }
        Protobuf tensorType = new Protobuf().varint(1, FLOAT).message(2, shape);
        return new Protobuf().string(1, name).message(2, new Protobuf().message(1, tensorType));
    }
}
