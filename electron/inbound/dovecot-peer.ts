/**
 * A real IMAP server for tests: Debian's dovecot (package `dovecot-imapd`) started in the
 * foreground with a temporary configuration: loopback only, plain auth without TLS, a
 * passwd-file user, maildirs in a temp folder, a random high port. Runs as the current user
 * when that is not root; as root, mail is owned by an unprivileged system user (dovecot refuses
 * mail access as UID 0).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface DovecotPeer {
  host: string;
  port: number;
  user: string;
  pass: string;
  dir: string;
  stop(): Promise<void>;
}

const CANDIDATES = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'];

export function dovecotBinary(): string | null {
  return CANDIDATES.find((p) => fs.existsSync(p)) ?? null;
}

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function idOf(name: string, flag: '-u' | '-g'): number | null {
  try {
    return Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim());
  } catch {
    return null;
  }
}

async function waitForPort(port: number, child: ChildProcess, logFile: string, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) {
      const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
      throw new Error(`dovecot exited with ${child.exitCode}: ${log.slice(-2000)}`);
    }
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() - started > timeoutMs) throw new Error('dovecot did not start listening in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startDovecot(): Promise<DovecotPeer> {
  const binary = dovecotBinary();
  if (!binary) throw new Error('dovecot is not installed (apt-get install dovecot-imapd)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-dovecot-'));
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  const user = 'clinic';
  const pass = 'imap-test-password';
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  const me = os.userInfo().username;
  const group = execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim();
  let mailUid = uid;
  let mailGid = gid;
  let users: string;
  if (uid === 0) {
    // Dovecot's own unprivileged users (created by the package) run the internals and the login.
    const nobodyUid = idOf('dovenull', '-u') ?? idOf('nobody', '-u') ?? 65534;
    mailUid = idOf('dovecot', '-u') ?? nobodyUid;
    mailGid = idOf('dovecot', '-g') ?? 65534;
    users = '';
  } else {
    users = [
      `default_internal_user = ${me}`,
      `default_internal_group = ${group}`,
      `default_login_user = ${me}`,
    ].join('\n');
  }
  const mailDir = path.join(dir, 'mail');
  fs.mkdirSync(mailDir, { mode: 0o777 });
  fs.chmodSync(mailDir, 0o777);
  fs.writeFileSync(path.join(dir, 'passwd'), `${user}:{PLAIN}${pass}:${mailUid}:${mailGid}::${mailDir}/${user}::\n`);
  const logFile = path.join(dir, 'dovecot.log');
  const config = `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${logFile}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = ${Math.min(mailUid, 1)}
first_valid_gid = 0
${users}
mail_location = maildir:${mailDir}/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = passwd-file
  args = username_format=%u ${dir}/passwd
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
  chroot =
}
service anvil {
  chroot =
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
`;
  const configFile = path.join(dir, 'dovecot.conf');
  fs.writeFileSync(configFile, config);
  const child = spawn(binary, ['-F', '-c', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  try {
    await waitForPort(port, child, logFile);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return {
    host: '127.0.0.1',
    port,
    user,
    pass,
    dir,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
