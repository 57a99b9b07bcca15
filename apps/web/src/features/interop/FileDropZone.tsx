import { Box, Stack, Text } from '@mantine/core';
import { useId, useState, type CSSProperties, type DragEvent, type ReactNode } from 'react';

interface Props {
  /** The visible name of the file input (also its accessible name). */
  chooseLabel: string;
  title: string;
  hint: ReactNode;
  accept: string;
  disabled?: boolean;
  onFile: (file: File) => void;
  testId?: string;
}

/** Off screen but focusable and announced: the native input keeps its keyboard and screen-reader behaviour. */
const VISUALLY_HIDDEN: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
  border: 0,
};

/**
 * A drop zone around a native `<input type="file">`: drop a file on it, or Tab to the input and press
 * Enter or Space to pick one. The visible "button" is the input's label, ringed while the input has focus.
 */
export function FileDropZone({ chooseLabel, title, hint, accept, disabled = false, onFile, testId }: Props) {
  const inputId = useId();
  const hintId = useId();
  const [dragging, setDragging] = useState(false);
  const [focused, setFocused] = useState(false);

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    if (disabled) return;
    const file = event.dataTransfer.files[0];
    if (file) onFile(file);
  };

  return (
    <Box
      onDragOver={(e: DragEvent<HTMLDivElement>) => {
        e.preventDefault();
        if (!disabled) setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      data-testid={testId}
      data-dragging={dragging || undefined}
      style={{
        position: 'relative',
        border: `2px dashed var(--mantine-color-${dragging ? 'blue-7' : 'gray-5'})`,
        borderRadius: 8,
        padding: '1.75rem 1rem',
        background: dragging ? 'var(--mantine-color-blue-0)' : 'var(--mantine-color-gray-0)',
      }}
    >
      <Stack align="center" gap="xs">
        <Text fw={600}>{title}</Text>
        <Text size="sm" id={hintId} ta="center">
          {hint}
        </Text>
        <input
          id={inputId}
          type="file"
          accept={accept}
          disabled={disabled}
          aria-describedby={hintId}
          style={VISUALLY_HIDDEN}
          onFocus={() => setFocused(true)}
          onBlur={() => setFocused(false)}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            // Clear the value so choosing the same file again still fires a change.
            event.currentTarget.value = '';
            if (file) onFile(file);
          }}
        />
        <label
          htmlFor={inputId}
          style={{
            cursor: disabled ? 'not-allowed' : 'pointer',
            opacity: disabled ? 0.6 : 1,
            padding: '0.45rem 1.1rem',
            borderRadius: 4,
            border: '1px solid var(--mantine-color-gray-5)',
            background: 'var(--mantine-color-white)',
            fontWeight: 600,
            fontSize: '0.875rem',
            outline: focused ? '2px solid var(--mantine-color-blue-8)' : undefined,
            outlineOffset: 2,
          }}
        >
          {chooseLabel}
        </label>
      </Stack>
    </Box>
  );
}
