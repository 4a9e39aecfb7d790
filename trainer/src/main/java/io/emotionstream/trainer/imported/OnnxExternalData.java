package io.emotionstream.trainer.imported;

/**
 * Whether an ONNX file keeps any tensor outside itself (ONNX "external data": a tensor that names a file path to read
 * its values from). An imported file must be the whole model: a path inside a stranger's file could point at any
 * file the importing process can read. ONNX files are protocol buffers; this walks the few messages that can hold a
 * tensor (model, graph, function, node, attribute, sparse tensor; field numbers from onnx.proto) and looks at each
 * tensor's {@code external_data} and {@code data_location}. Bounded: nesting depth, and every length within its
 * message. Bytes that are not well-formed are left for ONNX Runtime to refuse.
 */
final class OnnxExternalData {
    private static final int MAX_DEPTH = 64;
    private static final int TENSOR_EXTERNAL_DATA = 13;
    private static final int TENSOR_DATA_LOCATION = 14;
    private static final long DATA_LOCATION_EXTERNAL = 1;

    private OnnxExternalData() {}

    /** True when any tensor in the file is stored outside it. */
    static boolean uses(byte[] model) {
        try {
            return new Reader(model).scan(Message.MODEL, 0, model.length, 0);
        } catch (Malformed e) {
            return false;
        }
    }

    /** The messages on a path from the model to a tensor, and which of their fields hold which. */
    private enum Message {
        MODEL,
        GRAPH,
        FUNCTION,
        NODE,
        ATTRIBUTE,
        SPARSE_TENSOR,
        TENSOR;

        Message child(int field) {
            return switch (this) {
                case MODEL -> field == 7 ? GRAPH : field == 25 ? FUNCTION : null;
                case GRAPH -> field == 1 ? NODE : field == 5 ? TENSOR : field == 15 ? SPARSE_TENSOR : null;
                case FUNCTION -> field == 7 ? NODE : null;
                case NODE -> field == 5 ? ATTRIBUTE : null;
                case ATTRIBUTE ->
                    switch (field) {
                        case 5, 10 -> TENSOR;
                        case 6, 11 -> GRAPH;
                        case 22, 23 -> SPARSE_TENSOR;
                        default -> null;
                    };
                case SPARSE_TENSOR -> field == 1 || field == 2 ? TENSOR : null;
                case TENSOR -> null;
            };
        }
    }

    private static final class Malformed extends Exception {
        Malformed() {
            super(null, null, false, false);
        }
    }

    private static final class Reader {
        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        boolean scan(Message message, int start, int end, int depth) throws Malformed {
            if (depth > MAX_DEPTH) {
                throw new Malformed();
            }
            position = start;
            while (position < end) {
                long tag = varint(end);
                int field = (int) (tag >>> 3);
                int wireType = (int) (tag & 7);
                if (message == Message.TENSOR && field == TENSOR_EXTERNAL_DATA) {
                    return true;
                }
                switch (wireType) {
                    case 0 -> {
                        long value = varint(end);
                        if (message == Message.TENSOR
                                && field == TENSOR_DATA_LOCATION
                                && value == DATA_LOCATION_EXTERNAL) {
                            return true;
                        }
                    }
                    case 1 -> skip(8, end);
                    case 5 -> skip(4, end);
                    case 2 -> {
                        long length = varint(end);
                        if (length < 0 || length > end - position) {
                            throw new Malformed();
                        }
                        int childStart = position;
                        int childEnd = childStart + (int) length;
                        Message child = message.child(field);
                        if (child != null && scan(child, childStart, childEnd, depth + 1)) {
                            return true;
                        }
                        position = childEnd;
                    }
                    default -> throw new Malformed(); // groups (3, 4) are not used by ONNX; 6, 7 do not exist
                }
            }
            if (position != end) {
                throw new Malformed();
            }
            return false;
        }

        private long varint(int end) throws Malformed {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (position >= end) {
                    throw new Malformed();
                }
                byte b = bytes[position++];
                value |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return value;
                }
            }
            throw new Malformed();
        }

        private void skip(int count, int end) throws Malformed {
            if (end - position < count) {
                throw new Malformed();
            }
            position += count;
        }
    }
}
