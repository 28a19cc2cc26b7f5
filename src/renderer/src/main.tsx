import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles/base.css';
import './styles/controls.css';
import './styles/upstreams.css';
import './styles/views.css';
import './styles/desktop.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html is missing <div id="root">');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
