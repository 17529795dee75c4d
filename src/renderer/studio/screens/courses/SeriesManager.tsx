import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SeriesSummary } from '../../../../shared/contract/courses-api';
import type { CourseId } from '../../../../shared/model/ids';
import { useStudio } from '../../api/studio-context';
import { useQuery } from '../../api/use-query';

const NAME_MAX = 100;

/**
 * Series: create, rename, and order each series' courses with up/down buttons (plain buttons,
 * so the keyboard does everything a mouse does). The order is what the recommender calls "the
 * next course in the series".
 */
export function SeriesManager({ dataKey }: { dataKey: string }) {
  const { t } = useTranslation();
  const client = useStudio();
  const series = useQuery<SeriesSummary[]>(`series:${dataKey}`, () =>
    client.invoke('series.list', {}),
  );
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const run = async (work: () => Promise<unknown>): Promise<boolean> => {
    setFailure(null);
    try {
      await work();
      return true;
    } catch (e) {
      setFailure(
        t('library.courses.seriesPanel.failed', {
          message: e instanceof Error ? e.message : String(e),
        }),
      );
      return false;
    }
  };

  const create = async (event: SyntheticEvent): Promise<void> => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed === '' || trimmed.length > NAME_MAX) {
      setNameError(true);
      return;
    }
    setNameError(false);
    if (await run(() => client.invoke('series.create', { name: trimmed }))) setName('');
  };

  const move = (s: SeriesSummary, index: number, by: -1 | 1): void => {
    const ids: CourseId[] = s.courses.map((c) => c.id);
    const other = ids[index + by];
    const current = ids[index];
    if (other === undefined || current === undefined) return;
    ids[index + by] = current;
    ids[index] = other;
    void run(() => client.invoke('series.reorder', { seriesId: s.id, courseIds: ids }));
  };

  const rows = series.data ?? [];
  return (
    <section
      id="series-manager"
      className="card series-manager"
      aria-labelledby="series-manager-title"
      data-testid="series-manager"
    >
      <h2 id="series-manager-title">{t('library.courses.seriesPanel.title')}</h2>
      <p className="muted">{t('library.courses.seriesPanel.hint')}</p>
      <form className="inline-form" noValidate onSubmit={(event) => void create(event)}>
        <input
          value={name}
          onChange={(event) => setName(event.target.value)}
          placeholder={t('library.courses.seriesPanel.newName')}
          aria-label={t('library.courses.seriesPanel.newName')}
          aria-invalid={nameError}
          aria-describedby={nameError ? 'series-name-error' : undefined}
          data-testid="series-new-name"
        />
        <button type="submit" data-testid="series-create">
          {t('library.courses.seriesPanel.create')}
        </button>
      </form>
      {nameError ? (
        <p id="series-name-error" className="field-error">
          {t('library.courses.seriesPanel.nameError')}
        </p>
      ) : null}
      {failure ? (
        <p className="error" role="alert">
          {failure}
        </p>
      ) : null}
      {series.status === 'ready' && rows.length === 0 ? (
        <p className="muted">{t('library.courses.seriesPanel.none')}</p>
      ) : null}
      <ul className="plain-list series-list">
        {rows.map((s) => (
          <li key={s.id} data-testid={`series-${s.id}`}>
            <SeriesName series={s} run={run} />
            {s.courses.length === 0 ? (
              <p className="muted">{t('library.courses.seriesPanel.empty')}</p>
            ) : (
              <ol className="series-courses">
                {s.courses.map((c, index) => (
                  <li key={c.id} className={c.archived ? 'archived' : undefined}>
                    <span className="series-course-title">
                      {c.title}
                      {c.archived ? (
                        <span className="tag archived-tag">
                          {t('library.courses.archivedBadge')}
                        </span>
                      ) : null}
                    </span>
                    <button
                      type="button"
                      className="icon-button"
                      disabled={index === 0}
                      onClick={() => move(s, index, -1)}
                      aria-label={t('library.courses.seriesPanel.up', { title: c.title })}
                      data-testid={`series-up-${c.id}`}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      className="icon-button"
                      disabled={index === s.courses.length - 1}
                      onClick={() => move(s, index, 1)}
                      aria-label={t('library.courses.seriesPanel.down', { title: c.title })}
                      data-testid={`series-down-${c.id}`}
                    >
                      ↓
                    </button>
                  </li>
                ))}
              </ol>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function SeriesName({
  series,
  run,
}: {
  series: SeriesSummary;
  run: (work: () => Promise<unknown>) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const client = useStudio();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(series.name);
  const [invalid, setInvalid] = useState(false);

  const save = async (event: SyntheticEvent): Promise<void> => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed === '' || trimmed.length > NAME_MAX) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    if (await run(() => client.invoke('series.rename', { seriesId: series.id, name: trimmed }))) {
      setEditing(false);
    }
  };

  if (!editing) {
    return (
      <div className="series-head">
        <strong>{series.name}</strong>
        <button
          type="button"
          onClick={() => {
            setName(series.name);
            setEditing(true);
          }}
          aria-label={t('library.courses.seriesPanel.renameLabel', { name: series.name })}
          data-testid={`series-rename-${series.id}`}
        >
          {t('library.courses.seriesPanel.rename')}
        </button>
      </div>
    );
  }
  return (
    <form className="inline-form series-head" noValidate onSubmit={(event) => void save(event)}>
      <input
        value={name}
        onChange={(event) => setName(event.target.value)}
        aria-label={t('library.courses.seriesPanel.newNameFor', { name: series.name })}
        aria-invalid={invalid}
        // The field appears because the rename button was pressed: the keyboard goes to it.
        autoFocus
        onKeyDown={(event) => {
          if (event.key === 'Escape') setEditing(false);
        }}
        data-testid={`series-rename-input-${series.id}`}
      />
      <button type="submit" data-testid={`series-rename-save-${series.id}`}>
        {t('library.courses.seriesPanel.save')}
      </button>
      <button type="button" onClick={() => setEditing(false)}>
        {t('library.courses.seriesPanel.cancel')}
      </button>
      {invalid ? (
        <span className="field-error">{t('library.courses.seriesPanel.nameError')}</span>
      ) : null}
    </form>
  );
}
