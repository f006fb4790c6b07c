import { mount } from './embed/mount.ts';
import { parseLabQuery } from './io/urlState.ts';
import './app/page.css';

const { options, errors } = parseLabQuery(location.search);
mount(document.getElementById('app')!, { ...options, errors, followAddress: true });
