import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  OUTPUT_PRESETS,
  type OutputCanvas,
  type OutputInfo,
  type OutputPlatform,
} from '../../../../shared/contract/outputs-api';
import { formatNumber } from '../../../common/format';
import { useStudio } from '../../api/studio-context';

const PLATFORMS = Object.keys(OUTPUT_PRESETS) as OutputPlatform[];

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Platform outputs (RTMP/RTMPS multistream): each destination with its state, bitrate and last
 * error, started and stopped on its own. Stream keys are write-only: the core never returns
 * them, so the form shows the masked key and keeps it unless a new one is typed.
 */
export function OutputsCard() {
  const { t, i18n } = useTranslation();
  const client = useStudio();
  const [outputs, setOutputs] = useState<OutputInfo[]>([]);
  const [editing, setEditing] = useState<OutputInfo | 'new' | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    client.invoke('output.list', {}).then(
      (list) => {
        if (current) setOutputs(list);
      },
      (e: unknown) => setError(message(e)),
    );
    const offChanged = client.on('output.changed', (info) =>
      setOutputs((list) =>
        list.some((o) => o.id === info.id)
          ? list.map((o) => (o.id === info.id ? info : o))
          : [...list, info],
      ),
    );
    const offRemoved = client.on('output.removed', ({ id }) =>
      setOutputs((list) => list.filter((o) => o.id !== id)),
    );
    return () => {
      current = false;
      offChanged();
      offRemoved();
    };
  }, [client]);

  // The reconnect countdown moves on its own between status events.
  const reconnecting = outputs.some((o) => o.status.state === 'reconnecting');
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!reconnecting) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [reconnecting]);

  const act = (work: Promise<unknown>): void => {
    setError(null);
    work.catch((e: unknown) => setError(message(e)));
  };

  return (
    <div className="card outputs" data-testid="outputs-card">
      <h2>{t('outputs.title')}</h2>
      {outputs.length === 0 && editing === null ? (
        <p className="muted">{t('outputs.none')}</p>
      ) : null}
      <ul className="output-list">
        {outputs.map((output) => (
          <li key={output.id} className="output-row" data-testid={`output-${String(output.id)}`}>
            <div className="output-head">
              <span className="strong">{output.name}</span>
              <span
                className={`output-state ${output.status.waitingForProgram ? 'ready' : output.status.state}`}
                data-testid={`output-state-${String(output.id)}`}
                data-state={output.status.state}
              >
                {output.status.waitingForProgram
                  ? t('outputs.ready')
                  : t(`outputs.state.${output.status.state}`)}
              </span>
            </div>
            <div className="muted small">
              {OUTPUT_PRESETS[output.platform].label} · {t(`outputs.canvas.${output.canvas}`)}
              {output.streamKeyMasked === '' ? '' : ` · ${output.streamKeyMasked}`}
            </div>
            {output.status.state === 'live' ? (
              <div className="small">
                {formatNumber(Math.round(output.status.bitrateKbps), i18n.language)} kbit/s
              </div>
            ) : null}
            {output.status.waitingForProgram ? (
              <div className="muted small">{t('outputs.waiting')}</div>
            ) : null}
            {output.status.state === 'reconnecting' && output.status.nextRetryAt !== null ? (
              <div className="small">
                {t('outputs.retry', {
                  attempt: output.status.attempts,
                  seconds: Math.max(0, Math.ceil((output.status.nextRetryAt - now) / 1000)),
                })}
              </div>
            ) : null}
            {output.status.lastError && output.status.state !== 'live' ? (
              <div className="error small">{output.status.lastError}</div>
            ) : null}
            <div className="output-actions">
              {output.status.state === 'idle' || output.status.state === 'failed' ? (
                <button
                  type="button"
                  onClick={() => act(client.invoke('output.start', { id: output.id }))}
                  data-testid={`output-start-${String(output.id)}`}
                >
                  {t('outputs.start')}
                </button>
              ) : (
                <button
                  type="button"
                  onClick={() => act(client.invoke('output.stop', { id: output.id }))}
                  data-testid={`output-stop-${String(output.id)}`}
                >
                  {t('outputs.stop')}
                </button>
              )}
              <button type="button" onClick={() => setEditing(output)}>
                {t('outputs.edit')}
              </button>
              <button
                type="button"
                className="danger-link"
                onClick={() => {
                  if (window.confirm(t('outputs.confirmDelete', { name: output.name })))
                    act(client.invoke('output.delete', { id: output.id }));
                }}
              >
                {t('outputs.delete')}
              </button>
            </div>
          </li>
        ))}
      </ul>
      {editing === null ? (
        <button type="button" onClick={() => setEditing('new')} data-testid="output-add">
          {t('outputs.add')}
        </button>
      ) : (
        <OutputForm
          key={editing === 'new' ? 'new' : editing.id}
          existing={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      )}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function OutputForm({ existing, onDone }: { existing: OutputInfo | null; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useStudio();
  const [platform, setPlatform] = useState<OutputPlatform>(existing?.platform ?? 'custom');
  const [name, setName] = useState(existing?.name ?? '');
  const [url, setUrl] = useState(existing?.url ?? '');
  const [key, setKey] = useState('');
  const [canvas, setCanvas] = useState<OutputCanvas>(existing?.canvas ?? 'landscape');
  const [enabled, setEnabled] = useState(existing?.enabled ?? true);
  const [error, setError] = useState<string | null>(null);
  const preset = OUTPUT_PRESETS[platform].url;

  return (
    <form
      className="output-form"
      data-testid="output-form"
      onSubmit={(event) => {
        event.preventDefault();
        setError(null);
        client
          .invoke('output.save', {
            ...(existing ? { id: existing.id } : {}),
            name: name.trim() === '' ? OUTPUT_PRESETS[platform].label : name.trim(),
            platform,
            ...(url.trim() === '' ? {} : { url: url.trim() }),
            // Empty keeps the stored key when editing; a new destination may have none.
            ...(key === '' ? {} : { streamKey: key }),
            canvas,
            enabled,
          })
          .then(onDone, (e: unknown) => setError(message(e)));
      }}
    >
      <label>
        {t('outputs.platform')}
        <select
          value={platform}
          onChange={(e) => setPlatform(e.target.value as OutputPlatform)}
          data-testid="output-platform"
        >
          {PLATFORMS.map((p) => (
            <option key={p} value={p}>
              {OUTPUT_PRESETS[p].label}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('outputs.name')}
        <input
          value={name}
          maxLength={100}
          placeholder={OUTPUT_PRESETS[platform].label}
          onChange={(e) => setName(e.target.value)}
          data-testid="output-name"
        />
      </label>
      <label>
        {t('outputs.url')}
        <input
          value={url}
          maxLength={500}
          placeholder={preset ?? 'rtmp://…'}
          required={preset === null}
          onChange={(e) => setUrl(e.target.value)}
          data-testid="output-url"
        />
      </label>
      <label>
        {t('outputs.key')}
        <input
          type="password"
          autoComplete="off"
          value={key}
          maxLength={500}
          placeholder={
            existing && existing.streamKeyMasked !== ''
              ? t('outputs.keepKey', { masked: existing.streamKeyMasked })
              : ''
          }
          onChange={(e) => setKey(e.target.value)}
          data-testid="output-key"
        />
      </label>
      <label>
        {t('outputs.canvasLabel')}
        <select value={canvas} onChange={(e) => setCanvas(e.target.value as OutputCanvas)}>
          <option value="landscape">{t('outputs.canvas.landscape')}</option>
          <option value="portrait">{t('outputs.canvas.portrait')}</option>
        </select>
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={enabled}
          onChange={(e) => setEnabled(e.target.checked)}
          data-testid="output-enabled"
        />
        {t('outputs.enabled')}
      </label>
      <p className="muted small">{t('outputs.keyNote')}</p>
      <div className="output-actions">
        <button type="submit" className="primary" data-testid="output-save">
          {t('outputs.save')}
        </button>
        <button type="button" onClick={onDone}>
          {t('outputs.cancel')}
        </button>
      </div>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
