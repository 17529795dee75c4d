import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

// The learners' page. The audience server that serves it, and everything a learner does on it
// (chat, questions, polls, offers), arrive with the live-audience issue; until a class is
// reachable this page shows the one honest state it can: that no class is open here yet.
const MESSAGES = {
  'zh-CN': { title: '课堂尚未开始', body: '老师开播后，这个页面会自动显示直播画面和互动。' },
  en: {
    title: 'The class has not started yet',
    body: 'When your teacher goes live, the class and its chat appear here.',
  },
} as const;

const language = navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
document.documentElement.lang = language;

function ViewerApp() {
  const text = MESSAGES[language];
  return (
    <main
      style={{
        fontFamily: 'system-ui, sans-serif',
        padding: '48px 24px',
        textAlign: 'center',
        color: '#1c2330',
      }}
    >
      <h1 style={{ fontSize: 20 }}>{text.title}</h1>
      <p style={{ color: '#5f6b7a' }}>{text.body}</p>
    </main>
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ViewerApp />
    </StrictMode>,
  );
}
