import { Modal, type ModalRootProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useReturnFocus } from './use-return-focus';

interface Props {
  opened: boolean;
  onClose: () => void;
  title: string;
  size?: ModalRootProps['size'];
  closeOnClickOutside?: boolean;
  /** `false` for a dialog that must be left by its own button (a secret shown once): no Escape, no ×. */
  dismissible?: boolean;
  children: ReactNode;
}

/**
 * Mantine's modal with one accessibility fix: its header is a `<header>` inside `role="dialog"`, which
 * assistive technology (and axe) count as a second page banner. Here the header is presentational.
 * Focus goes back to the control that opened it on close, however the dialog is closed (useReturnFocus).
 */
export function AppModal({ opened, onClose, title, size, closeOnClickOutside, dismissible = true, children }: Props) {
  const { t } = useTranslation();
  useReturnFocus(opened);
  return (
    <Modal.Root opened={opened} onClose={onClose} size={size} closeOnClickOutside={dismissible ? closeOnClickOutside : false} closeOnEscape={dismissible}>
      <Modal.Overlay />
      <Modal.Content>
        <Modal.Header role="none">
          <Modal.Title fw={700} fz="lg">
            {title}
          </Modal.Title>
          {dismissible && <Modal.CloseButton aria-label={t('common.close')} />}
        </Modal.Header>
        <Modal.Body>{children}</Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
}
