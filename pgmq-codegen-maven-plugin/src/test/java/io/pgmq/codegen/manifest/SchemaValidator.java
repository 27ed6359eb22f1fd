package io.pgmq.codegen.manifest;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.databind.json.JsonMapper;

/**
 * Test fixture: the manifest's JSON Schema as an editor applies it, through a real validator (networknt), to YAML
 * loaded as editors load it (the last of duplicate keys wins).
 */
final class SchemaValidator {

    private static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(ManifestSchema.render(), InputFormat.JSON);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SchemaValidator() {
    }

    /** The schema's errors for a manifest; empty if it accepts it. Throws if the text is not YAML. */
    static List<String> errors(String yaml) {
        Object document = new Load(LoadSettings.builder().setAllowDuplicateKeys(true).build()).loadFromString(yaml);
        return SCHEMA.validate(JSON.writeValueAsString(document), InputFormat.JSON).stream()
                .map(Error::toString).toList();
    }
}
