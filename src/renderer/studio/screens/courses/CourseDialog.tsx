import { useEffect, useId, useRef, useState, type ReactNode, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SeriesSummary } from '../../../../shared/contract/courses-api';
import type { CourseSummary } from '../../../../shared/model/domain';
import { useStudio } from '../../api/studio-context';
import { useQuery } from '../../api/use-query';
import {
  EMPTY_FORM,
  checkForm,
  coverProblem,
  formFromCourse,
  type CourseFormError,
  type CourseFormErrors,
  type CourseFormValues,
  type FieldName,
} from './course-form';
import { CoverImage } from './CoverImage';

const ERROR_TEXT = {
  title: 'library.courses.errors.title',
  priceMinor: 'library.courses.errors.priceMinor',
  listPriceMinor: 'library.courses.errors.listPriceMinor',
  listBelowPrice: 'library.courses.errors.listBelowPrice',
  currency: 'library.courses.errors.currency',
  checkoutUrl: 'library.courses.errors.checkoutUrl',
  couponCodes: 'library.courses.errors.couponCodes',
  tags: 'library.courses.errors.tags',
  description: 'library.courses.errors.description',
  coverType: 'library.courses.errors.coverType',
  coverSize: 'library.courses.errors.coverSize',
} as const satisfies Record<CourseFormError, string>;

const FIELD_OF: Partial<Record<keyof CourseFormValues, FieldName>> = {
  title: 'title',
  price: 'priceMinor',
  listPrice: 'listPriceMinor',
  currency: 'currency',
  checkoutUrl: 'checkoutUrl',
  coupons: 'couponCodes',
  tags: 'tags',
  description: 'description',
};

/**
 * Creates or edits a course. A modal <dialog>: focus stays inside, Escape cancels. Each field says
 * what is wrong with it beside it (checked with the contract's rules before anything is sent);
 * what only the core can know (a series that vanished) shows as an alert.
 */
export function CourseDialog({
  course,
  dataKey,
  onClose,
  onSaved,
}: {
  course: CourseSummary | null;
  dataKey: string;
  onClose: () => void;
  onSaved: (course: CourseSummary) => void;
}) {
  const { t } = useTranslation();
  const client = useStudio();
  const dialog = useRef<HTMLDialogElement>(null);
  const form = useRef<HTMLFormElement>(null);
  const titleId = useId();
  const [values, setValues] = useState<CourseFormValues>(
    course ? formFromCourse(course) : EMPTY_FORM,
  );
  const [errors, setErrors] = useState<CourseFormErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [cover, setCover] = useState<File | null>(null);
  const [coverUrl, setCoverUrl] = useState<string | null>(null);
  const [removeCover, setRemoveCover] = useState(false);
  const series = useQuery<SeriesSummary[]>(`series:${dataKey}`, () =>
    client.invoke('series.list', {}),
  );

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  const chooseCover = (file: File | null): void => {
    setCover(file);
    setErrors(({ cover: _cleared, ...rest }) => rest);
    setRemoveCover(false);
    setCoverUrl(null);
    if (!file || coverProblem(file)) return;
    // A preview of what will be uploaded (a data: URL: nothing to revoke later).
    const reader = new FileReader();
    reader.onload = () => {
      if (typeof reader.result === 'string') setCoverUrl(reader.result);
    };
    reader.readAsDataURL(file);
  };

  /** Typing in a field clears what was said about it; the next save checks it again. */
  const set =
    (name: keyof CourseFormValues) =>
    (event: { target: { value: string } }): void => {
      setValues((v) => ({ ...v, [name]: event.target.value }));
      const field = FIELD_OF[name];
      if (field) {
        setErrors((e) => {
          const { [field]: _cleared, ...rest } = e;
          return rest;
        });
      }
    };

  const submit = async (event: SyntheticEvent): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    setFailure(null);
    const checked = checkForm(values);
    const coverError = cover ? coverProblem(cover) : null;
    const found = checked.ok ? {} : { ...checked.errors };
    if (coverError) found.cover = coverError;
    setErrors(found);
    if (!checked.ok || coverError) {
      // The first field with a problem takes the focus, so a keyboard user lands on it.
      requestAnimationFrame(() =>
        form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
      );
      return;
    }
    setBusy(true);
    let saved: CourseSummary;
    try {
      saved = course
        ? await client.invoke('course.update', { courseId: course.id, fields: checked.fields })
        : await client.invoke('course.create', checked.fields);
    } catch (e) {
      setFailure(
        t('library.courses.form.failed', { message: e instanceof Error ? e.message : String(e) }),
      );
      setBusy(false);
      return;
    }
    try {
      if (cover) {
        const bytes = new Uint8Array(await cover.arrayBuffer());
        saved = await client.invoke('course.setCover', { courseId: saved.id, bytes });
      } else if (removeCover && saved.coverKey !== null) {
        saved = await client.invoke('course.removeCover', { courseId: saved.id });
      }
    } catch (e) {
      setFailure(
        t('library.courses.form.coverFailed', {
          message: e instanceof Error ? e.message : String(e),
        }),
      );
      setBusy(false);
      return;
    }
    onSaved(saved);
  };

  const showExistingCover = course !== null && course.coverKey !== null && !cover && !removeCover;

  return (
    <dialog
      ref={dialog}
      className="confirm-dialog course-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onClose();
      }}
      data-testid="course-dialog"
    >
      <form ref={form} className="form" noValidate onSubmit={(event) => void submit(event)}>
        <h2 id={titleId}>
          {course
            ? t('library.courses.form.editTitle', { title: course.title })
            : t('library.courses.form.createTitle')}
        </h2>
        <Field label={t('library.courses.form.title')} error={errors.title}>
          {(props) => (
            <input
              {...props}
              value={values.title}
              onChange={set('title')}
              maxLength={400}
              data-testid="course-title"
            />
          )}
        </Field>
        <Field label={t('library.courses.form.series')}>
          {(props) => (
            <select
              {...props}
              value={values.seriesId}
              onChange={set('seriesId')}
              data-testid="course-series"
            >
              <option value="">{t('library.courses.form.noSeries')}</option>
              {(series.data ?? []).map((s) => (
                <option key={s.id} value={String(s.id)}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="row">
          <Field label={t('library.courses.form.price')} error={errors.priceMinor}>
            {(props) => (
              <input
                {...props}
                value={values.price}
                onChange={set('price')}
                inputMode="decimal"
                placeholder="199.00"
                data-testid="course-price"
              />
            )}
          </Field>
          <Field
            label={t('library.courses.form.listPrice')}
            hint={t('library.courses.form.listPriceHint')}
            error={errors.listPriceMinor}
          >
            {(props) => (
              <input
                {...props}
                value={values.listPrice}
                onChange={set('listPrice')}
                inputMode="decimal"
                data-testid="course-list-price"
              />
            )}
          </Field>
          <Field
            label={t('library.courses.form.currency')}
            hint={t('library.courses.form.currencyHint')}
            error={errors.currency}
          >
            {(props) => (
              <input
                {...props}
                value={values.currency}
                onChange={set('currency')}
                maxLength={3}
                autoCapitalize="characters"
                spellCheck={false}
                data-testid="course-currency"
              />
            )}
          </Field>
        </div>
        <Field label={t('library.courses.form.checkoutUrl')} error={errors.checkoutUrl}>
          {(props) => (
            <input
              {...props}
              type="url"
              value={values.checkoutUrl}
              onChange={set('checkoutUrl')}
              placeholder="https://"
              data-testid="course-checkout-url"
            />
          )}
        </Field>
        <div className="row">
          <Field
            label={t('library.courses.form.coupons')}
            hint={t('library.courses.form.couponsHint')}
            error={errors.couponCodes}
          >
            {(props) => (
              <input
                {...props}
                value={values.coupons}
                onChange={set('coupons')}
                spellCheck={false}
                data-testid="course-coupons"
              />
            )}
          </Field>
          <Field
            label={t('library.courses.form.tags')}
            hint={t('library.courses.form.tagsHint')}
            error={errors.tags}
          >
            {(props) => (
              <input
                {...props}
                value={values.tags}
                onChange={set('tags')}
                data-testid="course-tags"
              />
            )}
          </Field>
          <Field label={t('library.courses.form.level')}>
            {(props) => (
              <select
                {...props}
                value={values.level}
                onChange={set('level')}
                data-testid="course-level"
              >
                <option value="">{t('library.courses.form.noLevel')}</option>
                <option value="beginner">{t('library.courses.level.beginner')}</option>
                <option value="intermediate">{t('library.courses.level.intermediate')}</option>
                <option value="advanced">{t('library.courses.level.advanced')}</option>
              </select>
            )}
          </Field>
        </div>
        <Field label={t('library.courses.form.description')} error={errors.description}>
          {(props) => (
            <textarea
              {...props}
              rows={2}
              value={values.description}
              onChange={set('description')}
              data-testid="course-description"
            />
          )}
        </Field>
        <Field
          label={t('library.courses.form.cover')}
          hint={t('library.courses.form.coverHint')}
          error={errors.cover}
        >
          {(props) => (
            <input
              {...props}
              type="file"
              accept="image/png,image/jpeg,image/webp"
              onChange={(event) => chooseCover(event.target.files?.[0] ?? null)}
              data-testid="course-cover"
            />
          )}
        </Field>
        <div className="cover-preview">
          {coverUrl ? (
            <img
              className="cover-large"
              src={coverUrl}
              alt={t('library.courses.form.coverPreview', { title: values.title })}
            />
          ) : null}
          {showExistingCover ? <CoverImage course={course} className="cover-large" /> : null}
          {showExistingCover ? (
            <button type="button" onClick={() => setRemoveCover(true)}>
              {t('library.courses.form.removeCover')}
            </button>
          ) : null}
        </div>
        {failure ? (
          <p className="error" role="alert" data-testid="course-form-failure">
            {failure}
          </p>
        ) : null}
        <div className="dialog-actions">
          <button type="button" onClick={onClose} disabled={busy}>
            {t('library.courses.form.cancel')}
          </button>
          <button type="submit" className="primary" disabled={busy} data-testid="course-save">
            {busy
              ? t('library.courses.form.saving')
              : course
                ? t('library.courses.form.save')
                : t('library.courses.form.create')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

interface ControlProps {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

/** A labelled control with its hint and, when set, its error message. */
function Field({
  label,
  hint,
  error,
  children,
}: {
  label: string;
  hint?: string;
  error?: CourseFormError | undefined;
  children: (props: ControlProps) => ReactNode;
}) {
  const { t } = useTranslation();
  const id = useId();
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null]
    .filter((x) => x !== null)
    .join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        'aria-invalid': error !== undefined,
        'aria-describedby': described === '' ? undefined : described,
      })}
      {hint ? (
        <span id={`${id}-hint`} className="hint muted">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={`${id}-error`} className="field-error" data-testid="field-error">
          {t(ERROR_TEXT[error])}
        </span>
      ) : null}
    </div>
  );
}
