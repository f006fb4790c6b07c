import { mount } from './embed/mount.ts';
import { parseLabQuery } from './io/urlState.ts';
import './app/theme.css';

const { options, errors } = parseLabQuery(location.search);
mount(document.getElementById('app')!, { ...options, errors, followAddress: true });
