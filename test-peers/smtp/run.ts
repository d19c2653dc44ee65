/**
 * Start the SMTP peer in its own process (benchmarks, crash tests):
 *   tsx test-peers/smtp/run.ts [--log-file F] [--log-raw] [--port N] [--marker-header NAME] [--latency-ms N]
 * Prints one JSON line on stdout when listening: {"host","port"}. Messages are not kept in memory
 * (use the log file). Control on stdin, one JSON line each, answered by one JSON line:
 *   {"cmd":"reject","address","kind":"hard"|"soft"}  {"cmd":"accept","address"}
 *   {"cmd":"dropNext","count":N,"at":"connect"|"data"|"after-accept"}
 *   {"cmd":"stop"}  {"cmd":"start"}  {"cmd":"stats"} → {"ok":true,"accepted":N,"connections":N}
 * Exits on SIGTERM/SIGINT.
 */
import { createInterface } from 'node:readline';
import { SmtpPeer, type DropPoint, type SmtpPeerOptions } from './smtp-peer';

function parseArgs(argv: string[]): SmtpPeerOptions {
  const options: SmtpPeerOptions = { keep: false };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[i + 1];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      i += 1;
      return v;
    };
    if (flag === '--log-file') options.logFile = value();
    else if (flag === '--log-raw') options.logRaw = true;
    else if (flag === '--port') options.port = Number(value());
    else if (flag === '--marker-header') options.markerHeader = value();
    else if (flag === '--latency-ms') options.latencyMs = Number(value());
    else throw new Error(`unknown flag ${flag}`);
  }
  return options;
}

async function apply(peer: SmtpPeer, command: Record<string, unknown>): Promise<Record<string, unknown>> {
  switch (command.cmd) {
    case 'reject':
      peer.reject(String(command.address), command.kind === 'soft' ? 'soft' : 'hard');
      return { ok: true };
    case 'accept':
      peer.accept(String(command.address));
      return { ok: true };
    case 'dropNext':
      peer.dropNext(Number(command.count ?? 1), (command.at as DropPoint | undefined) ?? 'data');
      return { ok: true };
    case 'stop':
      await peer.stop();
      return { ok: true };
    case 'start':
      await peer.start();
      return { ok: true };
    case 'stats':
      return { ok: true, accepted: peer.acceptedCount, connections: peer.connectionCount };
    default:
      return { ok: false, error: `unknown command ${String(command.cmd)}` };
  }
}

async function main(): Promise<void> {
  const peer = await SmtpPeer.start(parseArgs(process.argv.slice(2)));
  const out = (value: unknown): void => {
    process.stdout.write(JSON.stringify(value) + '\n');
  };
  out({ host: peer.host, port: peer.port });
  const stop = (): void => {
    void peer.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (line.trim() === '') return;
    let command: Record<string, unknown>;
    try {
      command = JSON.parse(line) as Record<string, unknown>;
    } catch (err) {
      out({ ok: false, error: `bad JSON: ${String(err)}` });
      return;
    }
    apply(peer, command).then(out, (err: unknown) => out({ ok: false, error: String(err) }));
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`smtp peer failed to start: ${String(err)}\n`);
  process.exit(1);
});
