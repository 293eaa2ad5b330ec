import { ConfigError } from '@modelwatch/core';
import { UsageError, type CliCommand, type CliContext } from './cli-command.ts';
import { demoCommand } from './commands/demo.ts';
import { kafkaCommand } from './commands/kafka.ts';
import { migrateCommand } from './commands/migrate.ts';
import { queryCommand } from './commands/query.ts';
import { referenceCommand } from './commands/reference.ts';
import { registryCommand } from './commands/registry.ts';
import { runCommand } from './commands/run.ts';
import { simulateCommand } from './commands/simulate.ts';

const COMMANDS: readonly CliCommand[] = [demoCommand, runCommand, migrateCommand, queryCommand, referenceCommand, simulateCommand, kafkaCommand, registryCommand];

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  const context: CliContext = { args, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
  const command = COMMANDS.find((c) => c.name === name);
  if (!command || name === undefined) {
    const list = COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n');
    const out = name === undefined || name === 'help' || name === '--help' ? process.stdout : process.stderr;
    if (name !== undefined && name !== 'help' && name !== '--help') out.write(`unknown command "${name}"\n\n`);
    out.write(`usage: modelwatch <command> [options]\n\ncommands:\n${list}\n`);
    return name === undefined || name === 'help' || name === '--help' ? 0 : 2;
  }
  try {
    return await command.run(context);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\nusage: ${command.usage}\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 78;
    }
    throw error;
  }
}
