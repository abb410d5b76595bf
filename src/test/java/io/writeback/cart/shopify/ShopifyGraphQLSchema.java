package io.writeback.cart.shopify;

import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.execution.RawVariables;
import graphql.execution.ValuesResolver;
import graphql.introspection.IntrospectionResultToSchema;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import graphql.validation.ValidationError;
import graphql.validation.Validator;
import io.writeback.OfficialSpecs;
import io.writeback.sandbox.SandboxCart;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** Validates GraphQL documents and their variables against Shopify's official Admin API 2025-01 schema. */
public final class ShopifyGraphQLSchema {

    private static GraphQLSchema schema;

    private ShopifyGraphQLSchema() {
    }

    /** The problems of one request: document validation errors, then variable coercion errors. */
    @SuppressWarnings("unchecked")
    public static List<String> problems(SandboxCart.Request request) {
        GraphQLSchema schema = schema();
        Map<String, Object> body;
        try {
            body = new ObjectMapper().readValue(request.body(), Map.class);
        } catch (IOException e) {
            return List.of(request.operation() + ": the request body is not JSON");
        }
        Document document = Parser.parse((String) body.get("query"));
        List<String> problems = new ArrayList<>();
        for (ValidationError error : new Validator().validateDocument(schema, document, Locale.ENGLISH)) {
            problems.add(request.operation() + ": " + error.getMessage());
        }
        if (problems.isEmpty()) {
            OperationDefinition operation = document.getDefinitionsOfType(OperationDefinition.class).get(0);
            try {
                Map<String, Object> variables = (Map<String, Object>) body.getOrDefault("variables", Map.of());
                CoercedVariables coerced = ValuesResolver.coerceVariableValues(schema,
                        operation.getVariableDefinitions(), RawVariables.of(variables), GraphQLContext.getDefault(),
                        Locale.ENGLISH);
                if (coerced == null) {
                    problems.add(request.operation() + ": variables did not coerce");
                }
            } catch (Exception e) {
                problems.add(request.operation() + ": variables " + body.get("variables") + " are invalid: "
                        + e.getMessage());
            }
        }
        return problems;
    }

    @SuppressWarnings("unchecked")
    private static synchronized GraphQLSchema schema() {
        if (schema == null) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(
                    OfficialSpecs.require("shopify_admin_schema_2025-01.json.gz")))) {
                Map<String, Object> introspection = new ObjectMapper().readValue(in, Map.class);
                Document sdl = new IntrospectionResultToSchema()
                        .createSchemaDefinition((Map<String, Object>) introspection.get("data"));
                schema = UnExecutableSchemaGenerator.makeUnExecutableSchema(new SchemaParser().buildRegistry(sdl));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return schema;
    }
}
