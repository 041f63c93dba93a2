import { browser } from "wxt/browser";
import { startInlineMenu } from "../../src/inline-menu/start-inline-menu";

// The account list under a code field: an extension frame, so the page
// around it can neither read, restyle nor script it.
startInlineMenu({ doc: document, win: window, send: (message) => browser.runtime.sendMessage(message) });
