package io.emotionstream.schemas.serde;

import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.AvroGenerated;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Tells Avro to trust the classes generated from our own schemas, and no others. Since 1.12.1 Avro loads a class
 * named by a schema (an enum's default, a nested record) only when a {@link ClassSecurityValidator} trusts it,
 * and it trusts none of ours unless told. The trust must be in place before the first generated class is used,
 * wherever that happens (a codec, a builder in a test, a tool), and the one hook Avro runs before any of them is its
 * service loader of logical-type factories, at the first schema parsed: this class is registered there
 * ({@code META-INF/services}), declares no logical type a schema could use, and adds the trust once, when loaded.
 */
public final class ContractClassTrust implements LogicalTypes.LogicalTypeFactory {
    static {
        ClassSecurityValidator.setGlobal(
                ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), ContractClassTrust::isContract));
    }

    /** A class generated from a schema of {@code schemas} (reading the annotation does not initialise the class). */
    static boolean isContract(Class<?> type) {
        return type.getName().startsWith("io.emotionstream.schemas.") && type.isAnnotationPresent(AvroGenerated.class);
    }

    @Override
    public String getTypeName() {
        return "io.emotionstream.contract-class-trust";
    }

    @Override
    public LogicalType fromSchema(Schema schema) {
        return null;
    }
}
