export { deleteFile, fileInfo, openFile, saveFile, sizeLimit, uploadedFile, type StoredFile } from './files.service';
