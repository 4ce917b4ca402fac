import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { parseLink } from "./app/link";
import { oneServerTopology } from "./scenes/oneServer";
import { createHopscopeStore, HopscopeProvider } from "./store";
import "./styles.css";

const link = parseLink(window.location.search, oneServerTopology);
const store = createHopscopeStore({
  topology: oneServerTopology,
  seed: link.setup.seed,
  setup: link.setup,
  autoplay: link.autoplay,
  ...(link.view.theme ? { theme: link.view.theme } : {}),
  notices: link.notices,
});
if (link.autoplay && store.getState().setup.rps === 0 && store.getState().scene.opening === "none")
  store.getState().actions.visit(); // autoplay on an idle scene: one visit, as a first look

const root = document.getElementById("root");
if (!root) throw new Error('HOPSCOPE_NO_ROOT: index.html needs <div id="root">');
createRoot(root).render(
  <StrictMode>
    <HopscopeProvider store={store}>
      <App view={link.view} />
    </HopscopeProvider>
  </StrictMode>,
);
