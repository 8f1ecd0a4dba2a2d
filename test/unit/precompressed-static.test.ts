import { chooseEncoding } from '../../server/http/precompressed-static';

describe('which precompressed twin a client gets', () => {
  const both = () => true;
  const gzOnly = (ext: string) => ext === '.gz';
  it.each([
    ['gzip, deflate, br', both, 'br'],
    ['gzip, deflate, br', gzOnly, 'gzip'],
    ['gzip', both, 'gzip'],
    ['br;q=0, gzip', both, 'gzip'],
    ['identity', both, null],
    [undefined, both, null],
  ] as const)('%s', (accept, has, want) => {
    expect(chooseEncoding(accept, has)).toBe(want);
  });
});
