import type { StudioClient } from '../../../../shared/contract';
import type { LearnerId } from '../../../../shared/model/ids';
import { downloadText } from '../../../common/download';

/** `learner-42-2026-11-22.json`: the id, not the name (a file name travels further than its content). */
export function exportFileName(learnerId: LearnerId, at: number): string {
  return `learner-${learnerId}-${new Date(at).toISOString().slice(0, 10)}.json`;
}

/**
 * Asks the core for everything it holds about the learner and saves it as a JSON file through
 * the browser's download (the same in Electron and in a browser). Returns the file's name.
 */
export async function downloadLearnerData(
  client: StudioClient,
  learnerId: LearnerId,
): Promise<string> {
  const data = await client.invoke('learner.export', { learnerId });
  const name = exportFileName(learnerId, data.exportedAt);
  downloadText(name, `${JSON.stringify(data, null, 2)}\n`, 'application/json;charset=utf-8');
  return name;
}
