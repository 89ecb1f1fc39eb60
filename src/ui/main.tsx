import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

// The explainer is loaded on the first selected line, keeping it out of the first download.
const FileLineExplanation = lazy(() =>
  import('./teaching/FileLineExplanation').then((m) => ({ default: m.FileLineExplanation })),
);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App
        renderLineDetail={(file, lineIndex, link) => (
          <Suspense fallback={null}>
            <FileLineExplanation file={file} lineIndex={lineIndex} link={link} />
          </Suspense>
        )}
      />
    </StrictMode>,
  );
}
