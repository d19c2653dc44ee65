/**
 * Start the fake Twilio in its own process (benchmarks, crash tests):
 *   tsx test-peers/fake-twilio/run.ts [--log-file F] [--port N] [--latency-ms N] [--step-ms N]
 *       [--progression timed|manual|per-fetch] [--marker-pattern REGEX] [--seed N]
 *       [--account-sid AC…] [--auth-token T] [--whatsapp-window] [--list-lag-ms N] [--trial] [--retry-after S]
 * Prints one JSON line on stdout when listening: {"port","baseUrl","accountSid","authToken"}.
 * Control while running: JSON lines on stdin, each answered by one JSON line on stdout
 * ({"ok":true} or {"ok":false,"error"}):
 *   {"cmd":"faults", ...FaultConfig fields}      {"cmd":"burst429","count":N}
 *   {"cmd":"dropNext","count":N}                 {"cmd":"outage","mode":"refuse"|"destroy"}
 *   {"cmd":"endOutage"}                          {"cmd":"advance","steps":N}
 *   {"cmd":"script","to":"+1…", ...RecipientScript}  {"cmd":"inbound","from","to","body"}
 *   {"cmd":"listLag","ms":N}   {"cmd":"trial","on":true}   {"cmd":"authToken","token":"…"}
 *   {"cmd":"stats"} → {"ok":true,"accepted":N,"requests":N}
 * Exits on SIGTERM/SIGINT, and when stdin ends if started with --exit-with-stdin (so a killed parent
 * holding the stdin pipe does not leave it running).
 */
import { createInterface } from 'node:readline';
import { FakeTwilio, type FakeTwilioOptions, type FaultConfig, type Progression, type RecipientScript } from './fake-twilio';

function parseArgs(argv: string[]): FakeTwilioOptions {
  const options: FakeTwilioOptions = { recordRequests: false };
  const faults: Partial<FaultConfig> = {};
  let progression: Progression = { mode: 'timed', stepMs: 0 };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[i + 1];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      i += 1;
      return v;
    };
    switch (flag) {
      case '--log-file':
        options.logFile = value();
        break;
      case '--port':
        options.port = Number(value());
        break;
      case '--latency-ms':
        faults.latencyMs = Number(value());
        break;
      case '--step-ms':
        progression = { mode: 'timed', stepMs: Number(value()) };
        break;
      case '--progression': {
        const mode = value();
        if (mode === 'manual' || mode === 'per-fetch') progression = { mode };
        else if (mode !== 'timed') throw new Error(`unknown progression ${mode}`);
        break;
      }
      case '--marker-pattern':
        options.markerPattern = new RegExp(value());
        break;
      case '--seed':
        options.seed = Number(value());
        break;
      case '--account-sid':
        options.accountSid = value();
        break;
      case '--auth-token':
        options.authToken = value();
        break;
      case '--whatsapp-window':
        options.whatsappWindow = true;
        break;
      case '--exit-with-stdin':
        exitWithStdin = true;
        break;
      case '--record-requests':
        options.recordRequests = true;
        break;
      case '--list-lag-ms':
        options.listLagMs = Number(value());
        break;
      case '--trial':
        options.trialAccount = true;
        break;
      case '--retry-after':
        options.retryAfterSeconds = Number(value());
        break;
      default:
        throw new Error(`unknown flag ${flag}`);
    }
  }
  options.faults = faults;
  options.progression = progression;
  return options;
}

let exitWithStdin = false;

type Command = { cmd: string } & Record<string, unknown>;

async function apply(fake: FakeTwilio, command: Command): Promise<Record<string, unknown>> {
  switch (command.cmd) {
    case 'faults': {
      const { cmd: _cmd, ...faults } = command;
      fake.setFaults(faults as Partial<FaultConfig>);
      return { ok: true };
    }
    case 'burst429':
      fake.burst429(Number(command.count ?? 1));
      return { ok: true };
    case 'dropNext':
      fake.dropNext(Number(command.count ?? 1));
      return { ok: true };
    case 'outage':
      await fake.startOutage(command.mode === 'destroy' ? 'destroy' : 'refuse');
      return { ok: true };
    case 'endOutage':
      await fake.endOutage();
      return { ok: true };
    case 'advance':
      fake.advanceStatuses(Number(command.steps ?? 1));
      return { ok: true };
    case 'script': {
      const { cmd: _cmd, to, ...script } = command;
      fake.script(String(to), script as RecipientScript);
      return { ok: true };
    }
    case 'inbound':
      return { ok: true, sid: fake.injectInbound({ from: String(command.from), to: String(command.to), body: String(command.body) }) };
    case 'listLag':
      fake.setListLag(Number(command.ms ?? 0));
      return { ok: true };
    case 'trial':
      fake.setTrialAccount(command.on !== false);
      return { ok: true };
    case 'authToken':
      fake.setAuthToken(String(command.token));
      return { ok: true };
    case 'stats':
      return { ok: true, accepted: fake.accepted.length, requests: fake.requests.length };
    default:
      return { ok: false, error: `unknown command ${command.cmd}` };
  }
}

async function main(): Promise<void> {
  const fake = await FakeTwilio.start(parseArgs(process.argv.slice(2)));
  const out = (value: unknown): void => {
    process.stdout.write(JSON.stringify(value) + '\n');
  };
  out({ port: fake.port, baseUrl: fake.baseUrl, accountSid: fake.accountSid, authToken: fake.authToken });
  const stop = (): void => {
    void fake.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (line.trim() === '') return;
    let command: Command;
    try {
      command = JSON.parse(line) as Command;
    } catch (err) {
      out({ ok: false, error: `bad JSON: ${String(err)}` });
      return;
    }
    apply(fake, command).then(out, (err: unknown) => out({ ok: false, error: String(err) }));
  });
  lines.on('close', () => {
    if (exitWithStdin) stop();
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`fake-twilio failed to start: ${String(err)}\n`);
  process.exit(1);
});
