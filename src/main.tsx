import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { followSystemTheme } from "./app/theme";
import { parseStartOptions } from "./app/urlParams";
import { oneServerTopology } from "./scenes/oneServer";
import { createHopscopeStore, HopscopeProvider } from "./store";
import "./styles.css";

followSystemTheme();
const start = parseStartOptions(window.location.search);
const store = createHopscopeStore({
  topology: oneServerTopology,
  seed: start.seed,
  speed: start.speed,
  notices: start.notices,
});
const { actions } = store.getState();
if (start.rps !== undefined && start.rps > 0) {
  actions.setRps(start.rps);
  if (!start.autoplay) actions.pause();
} else if (start.autoplay) actions.visit();

const root = document.getElementById("root");
if (!root) throw new Error('HOPSCOPE_NO_ROOT: index.html needs <div id="root">');
createRoot(root).render(
  <StrictMode>
    <HopscopeProvider store={store}>
      <App />
    </HopscopeProvider>
  </StrictMode>,
);
