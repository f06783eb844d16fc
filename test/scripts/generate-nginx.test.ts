import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runScript } from '../support/run-script.ts';
import { createTempProject } from '../support/temp-project.ts';

const dir = mkdtempSync(join(tmpdir(), 'generate-nginx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run generate:nginx', () => {
  test('writes the production defaults from site.deploy', () => {
    const out = join(dir, 'default.conf');
    const { status, stdout } = runScript('scripts/generate-nginx.ts', ['--out', out]);
    expect(status).toBe(0);
    expect(stdout.trim()).toBe(out);
    const config = readFileSync(out, 'utf8');
    expect(config).toContain('root "/var/www/blog.fastmail.fm";');
    expect(config).toContain('listen 443 ssl;');
    expect(config).toContain('server "127.0.0.1:8080";');
  });

  test('each option overrides one default', () => {
    const out = join(dir, 'custom.conf');
    const { status } = runScript('scripts/generate-nginx.ts', [
      ...['--out', out, '--root', '/srv/blog', '--listen', '10.0.0.2'],
      ...['--http-port', '8080', '--https-port', '8443'],
      ...['--blog-cert', '/certs/blog.pem', '--blog-key', '/certs/blog.key'],
      ...['--login-cert', '/certs/login.pem', '--login-key', '/certs/login.key'],
      ...['--follower-upstream', '127.0.0.1:5000', '--webmail-upstream', '10.0.0.9:81'],
    ]);
    expect(status).toBe(0);
    const config = readFileSync(out, 'utf8');
    for (const line of [
      'root "/srv/blog";',
      'listen 10.0.0.2:8080;',
      'listen 10.0.0.2:8443 ssl;',
      'ssl_certificate "/certs/blog.pem";',
      'ssl_certificate_key "/certs/login.key";',
      'server "127.0.0.1:5000";',
      'server "10.0.0.9:81";',
    ]) {
      expect(config).toContain(line);
    }
    expect(config).not.toContain('/etc/letsencrypt/');
  });

  test.each([
    [['--http-port', 'eighty'], '--http-port must be a port number'],
    [['--https-port', '70000'], 'Ports must be whole numbers from 1 to 65535'],
    [['--root', 'relative/dir'], 'root must be an absolute path'],
    [['--webmail-upstream', 'no-port'], 'webmailUpstream must be host:port'],
    [['--no-such-option'], 'Unknown option'],
  ])('refuses %j with a message and exit 1', (args, message) => {
    const { status, stderr } = runScript('scripts/generate-nginx.ts', [
      '--out',
      join(dir, 'refused.conf'),
      ...args,
    ]);
    expect(status).toBe(1);
    expect(stderr).toContain(message);
  });
});

test("answers the help pages' redirectFrom addresses it reads from the project", async () => {
  const project = createTempProject();
  try {
    const file = 'src/content/help/ssl-vs-tls-vs-starttls.mdx';
    const page = readFileSync(join(project.root, file), 'utf8');
    project.write(
      file,
      page.replace('sidebarOrder: 2\n', 'sidebarOrder: 2\nredirectFrom: [/help/ssl/]\n'),
    );
    const out = join(dir, 'help-redirects.conf');
    const { status, output } = await project.run('scripts/generate-nginx.ts', ['--out', out]);
    expect(status, output).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain(
      'location = "/help/ssl/" {\n        return 301 "/help/ssl-vs-tls-vs-starttls/";',
    );
  } finally {
    project.dispose();
  }
});
