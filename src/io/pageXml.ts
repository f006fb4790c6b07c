// plugin-cfg.xml read in the page: the browser's own DOMParser (io/pluginCfgImport.ts reads what it
// gives; the command line reads with @xmldom/xmldom).

import { PluginCfgError, type ParseXml } from './pluginCfgImport.ts';

/** The text's root element; a PluginCfgError with the browser's words for where it is not XML. */
export const parseXmlInPage: ParseXml = (text) => {
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  const error = doc.getElementsByTagName('parsererror')[0];
  if (error) {
    const said = error.textContent ?? '';
    // Chromium and WebKit: "error on line 3 at column 5: …"; Firefox names the line and column after.
    const m = /error on line (\d+) at column (\d+):\s*([^\n]*)/.exec(said);
    const what = m ? `line ${m[1]}, column ${m[2]}: ${m[3]}` : said.trim().replace(/\s+/g, ' ');
    throw new PluginCfgError([`The file is not well-formed XML: ${what.slice(0, 200)}`]);
  }
  return doc.documentElement;
};
