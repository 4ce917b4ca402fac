import { Handle, Position } from "@xyflow/react";

/**
 * The two connection points React Flow needs to draw links to a node; invisible and not
 * connectable (links are drawn from the layout's routes, never by the user).
 */
export function HiddenHandles() {
  return (
    <>
      <Handle
        type="target"
        position={Position.Left}
        className="hidden-handle"
        isConnectable={false}
      />
      <Handle
        type="source"
        position={Position.Right}
        className="hidden-handle"
        isConnectable={false}
      />
    </>
  );
}
