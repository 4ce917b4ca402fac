// The framework floor for the size and startup bench (bench/startup.ts): what any app built
// on Hopscope's stack carries before it does anything. React 19 and ReactDOM, React Flow with
// the stylesheet the app imports (base.css), and a zustand store read through a hook as the
// app reads its own, rendering one node. No JSX, so that tsconfig.node.json can check it.
import "@xyflow/react/dist/base.css";
import { type Node, ReactFlow } from "@xyflow/react";
import { createElement, StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { useStore } from "zustand";
import { createStore } from "zustand/vanilla";

const store = createStore<{ nodes: Node[] }>(() => ({
  nodes: [{ id: "server", position: { x: 0, y: 0 }, data: { label: "Server 8.8.8.8" } }],
}));

function Floor() {
  const nodes = useStore(store, (s) => s.nodes);
  return createElement(
    "div",
    { style: { width: "100vw", height: "100vh" } },
    createElement(ReactFlow, { nodes, edges: [], fitView: true }),
  );
}

const root = document.getElementById("root");
if (!root) throw new Error("FLOOR_NO_ROOT");
createRoot(root).render(createElement(StrictMode, null, createElement(Floor)));
