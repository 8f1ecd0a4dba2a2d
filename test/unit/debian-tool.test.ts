import { debianTool } from '../support/debian-tool';

describe('debianTool', () => {
  it('finds a program on PATH', () => {
    expect(debianTool('sh', 'dash')).toMatch(/\/sh$/);
  });

  it('prefers a listed candidate path', () => {
    expect(debianTool('nope-not-here', 'x', ['/bin/sh'])).toBe('/bin/sh');
  });

  it('names the Debian package in one line when the program is missing', () => {
    expect(() => debianTool('redis-server-missing', 'redis-server')).toThrow(
      /^redis-server-missing was not found: install Debian's redis-server package \(apt-get install redis-server\)/,
    );
  });
});
