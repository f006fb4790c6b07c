import { mount } from './embed/mount.ts';
import { NOTES_PARAM } from './app/presenterNotes.ts';
import { parseLabQuery } from './io/urlState.ts';
import './app/page.css';

const target = document.getElementById('app')!;
// The presenter's notes window (opened by the lab's Notes button) is this page with `?notes=ID`.
const notes = new URLSearchParams(location.search).get(NOTES_PARAM);
if (notes !== null) void import('./app/notesPage.ts').then((m) => m.mountNotes(target, notes));
else {
  const { options, errors } = parseLabQuery(location.search);
  mount(target, { ...options, errors, followAddress: true });
}
