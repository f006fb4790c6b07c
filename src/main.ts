import { mount } from './embed/mount.ts';
import './app/theme.css';

const params = new URLSearchParams(location.search);
const seedParam = params.get('seed');
mount(document.getElementById('app')!, {
  scenario: params.get('scenario') ?? undefined,
  seed: seedParam !== null && /^\d+$/.test(seedParam) ? Number(seedParam) : undefined,
});
