import { Command } from 'commander';
import { createProgram } from './program';

function helpOf(name: string): string {
  const command = createProgram().commands.find((c) => c.name() === name) as Command;
  let text = '';
  command.configureOutput({ writeOut: (s) => (text += s) });
  command.outputHelp();
  return text;
}

describe('salescast program', () => {
  it.each(['generate', 'forecast', 'evaluate', 'simulate'])('%s --help teaches with examples', (name) => {
    const help = helpOf(name);
    expect(help).toContain('Examples:');
    expect(help).toContain(`$ salescast ${name}`);
  });

  it('rejects a bad option value with a message naming the expected form', async () => {
    const program = createProgram().exitOverride();
    let err = '';
    program.commands.forEach((c) => c.exitOverride().configureOutput({ writeErr: (s) => (err += s) }));
    await expect(
      program.parseAsync([
        'node',
        'salescast',
        'forecast',
        '--data',
        'x',
        '--out',
        'y',
        '--service-level',
        '95',
      ]),
    ).rejects.toThrow();
    expect(err).toContain('expected a number between 0 and 1');
  });
});
