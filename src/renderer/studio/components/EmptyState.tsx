import type { ReactNode } from 'react';

export function EmptyState({ title, children }: { title?: string; children?: ReactNode }) {
  return (
    <div className="empty-state" role="status">
      {title ? <h3>{title}</h3> : null}
      {children}
    </div>
  );
}
