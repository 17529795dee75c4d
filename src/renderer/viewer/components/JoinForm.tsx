import { useState, type SubmitEvent } from 'react';
import { useTranslation } from '../i18n';
import type { JoinDetails } from '../audience-client';

const NAME_KEY = 'encore.viewer.name';

export function JoinForm({ onJoin }: { onJoin: (details: Omit<JoinDetails, 'language'>) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(() => localStorage.getItem(NAME_KEY) ?? '');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [consent, setConsent] = useState(false);
  const sharesContact = email.trim() !== '' || phone.trim() !== '';
  const blocked = name.trim() === '' || (sharesContact && !consent);

  const submit = (event: SubmitEvent): void => {
    event.preventDefault();
    if (blocked) return;
    localStorage.setItem(NAME_KEY, name.trim());
    const contact = sharesContact
      ? {
          ...(email.trim() ? { email: email.trim() } : {}),
          ...(phone.trim() ? { phone: phone.trim() } : {}),
        }
      : undefined;
    onJoin({
      name: name.trim(),
      ...(contact ? { contact, consent: { linkPurchases: consent, followUp: consent } } : {}),
    });
  };

  return (
    <form className="card join" onSubmit={submit}>
      <h1>{t('join.heading')}</h1>
      <label>
        {t('join.name')}
        <input
          value={name}
          maxLength={40}
          autoComplete="nickname"
          placeholder={t('join.namePlaceholder')}
          onChange={(e) => setName(e.target.value)}
          data-testid="join-name"
          required
        />
      </label>
      <label>
        {t('join.email')}
        <input
          type="email"
          value={email}
          autoComplete="email"
          onChange={(e) => setEmail(e.target.value)}
        />
      </label>
      <label>
        {t('join.phone')}
        <input
          type="tel"
          value={phone}
          autoComplete="tel"
          onChange={(e) => setPhone(e.target.value)}
        />
      </label>
      <label className="consent">
        <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} />
        <span>{t('join.consent')}</span>
      </label>
      {sharesContact && !consent ? <p className="hint">{t('join.consentNeeded')}</p> : null}
      <button type="submit" className="primary" disabled={blocked} data-testid="join-submit">
        {t('join.submit')}
      </button>
    </form>
  );
}
