import { hashPassword } from './users';

/**
 * Prints the `scrypt:` hash of a password for the gateway's users file.
 *   npm run -s hash-password -w @salescast/gateway -- 's3cret'
 *   echo 's3cret' | npm run -s hash-password -w @salescast/gateway
 */
async function run(): Promise<void> {
  let password = process.argv[2];
  if (!password || password === '--help') {
    if (process.stdin.isTTY || password === '--help') {
      process.stderr.write('usage: hash-password <password>   (or the password on stdin)\n');
      process.exit(password === '--help' ? 0 : 2);
    }
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    password = Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
  }
  process.stdout.write(`${hashPassword(password)}\n`);
}

void run();
