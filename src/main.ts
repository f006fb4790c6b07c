import { mount } from './embed/mount.ts';
import { parseLabQuery } from './io/urlState.ts';
import './app/page.css';

const target = document.getElementById('app')!;
// The presenter's notes window (opened by the lab's Notes button) is this page with `?notes=ID`
// (presenterNotes.ts NOTES_PARAM; not imported here, so that the lab's first load does not carry it).
const notes = new URLSearchParams(location.search).get('notes');
if (notes !== null) void import('./app/notesPage.ts').then((m) => m.mountNotes(target, notes));
else {
  const { options, errors } = parseLabQuery(location.search);
  mount(target, { ...options, errors, followAddress: true });
}
