import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FollowUpTemplates } from '../../../../shared/contract/follow-ups-api';
import type { Language } from '../../../../shared/model/domain';
import { useStudio } from '../../api/studio-context';

// The follow-up message template (one per language, a workspace preference): the mail-merge
// file's `message` column is drafted from it.

const LANGUAGES: readonly Language[] = ['zh-CN', 'en'];

export function MailMergeTemplate({ initial }: { initial: Language }) {
  const { t } = useTranslation();
  const client = useStudio();
  const [language, setLanguage] = useState<Language>(initial);
  const [stored, setStored] = useState<{
    templates: FollowUpTemplates;
    defaults: FollowUpTemplates;
  } | null>(null);
  const [text, setText] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    client
      .invoke('followUps.templates', {})
      .then((value) => {
        if (!live) return;
        // The studio's language changed (or the editor opened): edit that language's template.
        setStored(value);
        setLanguage(initial);
        setText(value.templates[initial]);
        setStatus(null);
      })
      .catch((e: unknown) => {
        if (live) setError(e instanceof Error ? e.message : String(e));
      });
    return () => {
      live = false;
    };
  }, [client, initial]);

  const pick = (next: Language) => {
    setLanguage(next);
    setStatus(null);
    if (stored) setText(stored.templates[next]);
  };

  const save = async () => {
    setError(null);
    setStatus(null);
    try {
      const templates = await client.invoke('followUps.saveTemplate', { language, text });
      setStored((s) => (s ? { ...s, templates } : s));
      setStatus(t('mailMerge.saved'));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <div className="mail-merge-template" data-testid="mail-merge-template">
      <div className="toolbar">
        <label>
          <span>{t('mailMerge.language')}</span>{' '}
          <select
            value={language}
            onChange={(event) => pick(event.target.value as Language)}
            data-testid="mail-merge-language"
          >
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`mailMerge.lang.${l}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className="field">
        <span>{t('mailMerge.template')}</span>
        <textarea
          rows={7}
          value={text}
          maxLength={2_000}
          onChange={(event) => setText(event.target.value)}
          data-testid="mail-merge-text"
        />
      </label>
      <p className="muted">{t('mailMerge.placeholders')}</p>
      <div className="toolbar">
        <button
          type="button"
          className="primary"
          onClick={() => void save()}
          data-testid="mail-merge-save"
        >
          {t('mailMerge.save')}
        </button>
        <button
          type="button"
          onClick={() => stored && setText(stored.defaults[language])}
          disabled={!stored}
        >
          {t('mailMerge.reset')}
        </button>
        {status ? (
          <span className="muted" role="status">
            {status}
          </span>
        ) : null}
      </div>
      {error ? <p className="error">{t('app.error', { message: error })}</p> : null}
    </div>
  );
}
