import { useState } from 'react';
import { useTranslation } from 'react-i18next';

// The wizard's file step: pick a file or drop it here.

export function FileStep({ pick }: { pick: (file: File | undefined) => void }) {
  const { t } = useTranslation();
  const [over, setOver] = useState(false);
  return (
    <div
      className={over ? 'drop-zone over' : 'drop-zone'}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        pick(event.dataTransfer.files[0]);
      }}
    >
      <label>
        {t('importWizard.pick')}{' '}
        <input
          type="file"
          accept=".csv,.tsv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          data-testid="import-file"
          onChange={(event) => pick(event.target.files?.[0])}
        />
      </label>
      <p className="muted">{t('importWizard.drop')}</p>
    </div>
  );
}
