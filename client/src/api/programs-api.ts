import type {
  QueueSettings,
  QueueSettingsPatch,
} from '../../../signaling/protocol/rest/program-settings';
import { api } from './api-client';

export type { QueueSettings, QueueSettingsPatch };

/** Program settings (server/programs): target time, offer timeout, escalation steps, triage on/off. */
const unwrap = (
  r: QueueSettings | { settings: QueueSettings },
): QueueSettings => ('settings' in r ? r.settings : r);

export const programsApi = {
  getQueueSettings: () =>
    api
      .get<QueueSettings | { settings: QueueSettings }>('/api/program/settings')
      .then(unwrap),
  updateQueueSettings: (patch: QueueSettingsPatch) =>
    api
      .put<QueueSettings | { settings: QueueSettings }>(
        '/api/program/settings',
        patch,
      )
      .then(unwrap),
};
