import { existsSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * Our declaration of mediasoup's API (server/media/mediasoup/mediasoup-api.ts)
 * against the real package's types. Runs where mediasoup is installed: in
 * node_modules, or in MEDIASOUP_PACKAGE_DIR (a folder whose node_modules holds
 * it; .ci/run installs one there, since a plain `npm ci` drops the package on
 * machines that cannot build its worker).
 */
const root = path.resolve(__dirname, '../..');
const packageDir = [
  process.env.MEDIASOUP_PACKAGE_DIR &&
    path.join(process.env.MEDIASOUP_PACKAGE_DIR, 'node_modules', 'mediasoup'),
  path.join(root, 'node_modules', 'mediasoup'),
].find((d): d is string => !!d && existsSync(path.join(d, 'package.json')));

if (!packageDir)
  process.stdout.write(
    '\n[mediasoup] API conformance skipped: the optional package is not ' +
      'installed (set MEDIASOUP_PACKAGE_DIR to check against one).\n',
  );

function diagnosticsFor(file: string): string[] {
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    types: ['node'],
    typeRoots: [path.join(root, 'node_modules', '@types')],
    baseUrl: root,
    paths: { mediasoup: [packageDir as string] },
    ignoreDeprecations: '6.0',
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where =
      d.file && d.start !== undefined
        ? `${path.basename(d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1} `
        : '';
    return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
  });
}

(packageDir ? describe : describe.skip)('mediasoup API declaration', () => {
  it('matches the installed package in both directions', () => {
    const errors = diagnosticsFor(
      path.join(root, 'test/types/mediasoup-api-conformance.ts'),
    );
    expect(errors).toEqual([]);
  });

  it('fails on a declaration that drifted (the check can fail)', () => {
    const drifted = path.join(root, 'test/types/mediasoup-api-drifted.ts');
    const errors = diagnosticsFor(drifted);
    expect(errors.join('\n')).toMatch(/does not satisfy the constraint/);
  });
});
