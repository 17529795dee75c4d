import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LiveState } from '../../../../shared/contract/live-api';
import { useStudio } from '../../api/studio-context';
import type { Act } from './LivePanel';

const SLOW_MODE_CHOICES = [0, 5, 10, 30, 60];

export function ChatColumn({ state, act }: { state: LiveState; act: Act }) {
  const { t } = useTranslation();
  const client = useStudio();
  const sessionId = state.session.id;
  const [text, setText] = useState('');
  const [words, setWords] = useState(state.settings.blockedWords.join(', '));
  const send = (event: SubmitEvent): void => {
    event.preventDefault();
    const trimmed = text.trim();
    if (!trimmed) return;
    act(() => client.invoke('chat.send', { sessionId, text: trimmed }));
    setText('');
  };
  const messages = state.chat.slice(-200);
  return (
    <section className="card column chat-column" aria-label={t('live.chat')}>
      <div className="column-head">
        <h2>{t('live.chat')}</h2>
        <label className="toggle">
          <input
            type="checkbox"
            checked={state.settings.open}
            onChange={(e) =>
              act(() => client.invoke('chat.configure', { sessionId, open: e.target.checked }))
            }
            data-testid="chat-open"
          />
          {t('live.chatOpen')}
        </label>
        <label className="toggle">
          {t('live.slowMode')}
          <select
            value={state.settings.slowModeSeconds}
            onChange={(e) =>
              act(() =>
                client.invoke('chat.configure', {
                  sessionId,
                  slowModeSeconds: Number(e.target.value),
                }),
              )
            }
          >
            {SLOW_MODE_CHOICES.map((s) => (
              <option key={s} value={s}>
                {s === 0 ? t('live.off') : t('live.seconds', { count: s })}
              </option>
            ))}
          </select>
        </label>
      </div>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          const blockedWords = words
            .split(/[,，\n]/)
            .map((w) => w.trim())
            .filter(Boolean);
          act(() => client.invoke('chat.configure', { sessionId, blockedWords }));
        }}
      >
        <input
          value={words}
          onChange={(e) => setWords(e.target.value)}
          placeholder={t('live.blockedWords')}
          aria-label={t('live.blockedWords')}
        />
        <button type="submit">{t('live.save')}</button>
      </form>
      <ol className="live-chat" data-testid="live-chat">
        {messages.length === 0 ? <li className="muted">{t('live.noMessages')}</li> : null}
        {messages.map((m) => (
          <li key={m.id} className={m.hidden ? 'hidden-msg' : m.fromHost ? 'host' : undefined}>
            <div className="who">
              {m.fromHost ? `${m.name} · ${t('live.host')}` : m.name}
              {m.hidden ? <span className="badge">{t('live.hidden')}</span> : null}
            </div>
            <div className="text">{m.text}</div>
            {!m.fromHost && m.viewerId !== null ? (
              <div className="row-actions">
                {!m.hidden ? (
                  <button
                    type="button"
                    onClick={() =>
                      act(() => client.invoke('chat.hide', { sessionId, messageId: m.id }))
                    }
                  >
                    {t('live.hide')}
                  </button>
                ) : null}
                <button
                  type="button"
                  onClick={() =>
                    act(() => client.invoke('chat.delete', { sessionId, messageId: m.id }))
                  }
                >
                  {t('live.delete')}
                </button>
                <button
                  type="button"
                  onClick={() => {
                    const viewerId = m.viewerId;
                    if (viewerId !== null)
                      act(() => client.invoke('viewer.mute', { sessionId, viewerId, minutes: 10 }));
                  }}
                >
                  {t('live.mute10')}
                </button>
                <button
                  type="button"
                  className="danger"
                  data-testid={`ban-${m.name}`}
                  onClick={() => {
                    const viewerId = m.viewerId;
                    if (
                      viewerId !== null &&
                      window.confirm(t('live.banConfirm', { name: m.name }))
                    ) {
                      act(() => client.invoke('viewer.ban', { sessionId, viewerId }));
                    }
                  }}
                >
                  {t('live.ban')}
                </button>
              </div>
            ) : null}
          </li>
        ))}
      </ol>
      <form className="inline-form" onSubmit={send}>
        <input
          value={text}
          onChange={(e) => setText(e.target.value)}
          maxLength={500}
          placeholder={t('live.hostMessage')}
          data-testid="host-chat-input"
        />
        <button type="submit" className="primary" disabled={text.trim() === ''}>
          {t('live.send')}
        </button>
      </form>
    </section>
  );
}
