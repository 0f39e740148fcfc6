/** `disclosure extract FILE [--json]`: the document model of one report. (Placeholder until extractors land.) */
import type { Command } from '../cli.ts';

export const command: Command = {
  summary: 'Print the document model of a report',
  usage: 'Usage: disclosure extract FILE [--json]',
  async run() {
    return 1;
  },
};
