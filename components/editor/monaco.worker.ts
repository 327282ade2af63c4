// Monaco's editor worker, as a file of the app so Next bundles it and serves it from the app's own origin.
import "monaco-editor/editor/editor.worker";
