// The presenter's notes page (`?notes=ID`, opened by the lab's Notes button): loaded instead of the lab.

import { mount } from 'svelte';
import PresenterNotes from '../ui/PresenterNotes.svelte';
import './theme.css';

export function mountNotes(target: HTMLElement, id: string): void {
  mount(PresenterNotes, { target, props: { id } });
}
