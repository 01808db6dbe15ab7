// Validates an OpenAPI document (a URL or a file) against the OpenAPI 3 schema and resolves every
// $ref: exit 0 when valid, else the reason on stderr and exit 1. A separate process because
// swagger-parser is an ES module, which Jest's CommonJS runtime cannot load.
import SwaggerParser from '@apidevtools/swagger-parser';

try {
  const api = await SwaggerParser.validate(process.argv[2]);
  process.stdout.write(`valid: OpenAPI ${api.openapi}, ${Object.keys(api.paths ?? {}).length} paths\n`);
} catch (e) {
  process.stderr.write(`invalid OpenAPI document: ${e.message}\n`);
  process.exit(1);
}
