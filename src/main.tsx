import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { parseLink } from "./app/link";
import { DRAWER_QUERY } from "./app/useMediaQuery";
import { createHopscopeStore, HopscopeProvider } from "./store";
import "./styles.css";

const link = parseLink(window.location.search);
const store = createHopscopeStore({
  seed: link.setup.seed,
  setup: link.setup,
  autoplay: link.autoplay,
  ...(link.view.theme ? { theme: link.view.theme } : {}),
  notices: link.notices,
  // On a projector or a tablet the panels are a drawer over the diagram: closed at first.
  panelsOpen: !window.matchMedia(DRAWER_QUERY).matches,
  presenting: link.view.present === true && !link.view.embed,
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
