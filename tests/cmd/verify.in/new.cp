heard.localhost/log
7
LtwXNXQS5L5PvsdArjonPdLLljxxqkEaEbUaz0orE8E=

— heard.localhost/log nQ3QP+F47OhJ69m5P6c5z4ptp0XCJunewxOH8tgmW1AF/y2XL+UnN9J+6ZItlRnXmWni/wYrLYHlNf3IVNlrZjqDqwM=
